package io.github.inatauth.cli;

import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.http.BrowserOpener;
import io.github.inatauth.http.BrowserSignIn;
import io.github.inatauth.spi.OAuthGrant;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code inat-auth login --web}: the browser sign-in of {@code io.github.inatauth.http} (authorization
 * code with PKCE, and the app secret when the environment has it: a confidential app needs it), so
 * that the password is not needed. Only the app id is asked for: the username, which names the saved
 * sign-in so that {@code token} finds it again, is learned from iNaturalist's API after the sign-in.
 */
final class WebLogin {
    /** The signed-in user's credentials (no password), and a grant that hands over the sign-in's token once. */
    record SignedIn(Credentials credentials, OAuthGrant grant) {
    }

    /**
     * {@code login}'s {@code --web} and the options that refine it: one picocli argument group. The
     * refinements without {@code --web} are a usage error that {@code login} reports.
     */
    static final class Options {
        @Option(names = "--web", description = "Sign in in the browser (authorization code with PKCE) instead of "
                + "giving the password; needs only the app id (and INAT_APP_SECRET for a confidential app).")
        boolean web;

        @Option(names = "--no-browser", description = "With --web: only print the sign-in address, and wait for "
                + "the browser to come back to this machine.")
        boolean noBrowser;

        @Option(names = "--oob", description = "With --web: out of band; iNaturalist shows a code that you paste here "
                + "(for a machine the browser cannot reach).")
        boolean outOfBand;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "With --web: the port of the "
                + "redirect listener on 127.0.0.1, as registered for your app (default: a free one).")
        int port;
    }

    private WebLogin() {
    }

    static SignedIn signIn(Terminal terminal, Options options, ProviderContext context) {
        Credentials app = Prompts.ask(terminal, Credentials.of(null, null, terminal.env(Field.APP_ID.environmentVariable()),
                terminal.env(Field.APP_SECRET.environmentVariable())), List.of(Field.APP_ID));
        BrowserSignIn browser = browser(terminal, options);
        Token token = browser.obtain(app, context);
        String user = browser.userLogin(token, context);
        return new SignedIn(app.withUsername(user), (credentials, ignored) -> token);
    }

    private static BrowserSignIn browser(Terminal terminal, Options options) {
        PrintStream err = terminal.err();
        BrowserSignIn.Builder b = BrowserSignIn.builder().out(err).port(options.port)
                .opener(options.noBrowser ? BrowserOpener.print(err) : BrowserOpener.system(err));
        if (options.outOfBand) {
            b.outOfBand(terminal.stdinReader());
        }
        return b.build();
    }
}
