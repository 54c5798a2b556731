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

    private WebLogin() {
    }

    static SignedIn signIn(LoginCommand login) {
        Terminal terminal = login.root.terminal();
        Credentials app = login.ask(Credentials.of(null, null, terminal.env(Field.APP_ID.environmentVariable()),
                terminal.env(Field.APP_SECRET.environmentVariable())), List.of(Field.APP_ID));
        ProviderContext context = login.root.context();
        BrowserSignIn browser = browser(login);
        Token token = browser.obtain(app, context);
        String user = browser.userLogin(token, context);
        return new SignedIn(app.withUsername(user), (credentials, ignored) -> token);
    }

    private static BrowserSignIn browser(LoginCommand login) {
        Terminal terminal = login.root.terminal();
        PrintStream err = terminal.err();
        BrowserSignIn.Builder b = BrowserSignIn.builder().out(err).port(login.port)
                .opener(login.noBrowser ? BrowserOpener.print(err) : BrowserOpener.system(err));
        if (login.outOfBand) {
            b.outOfBand(terminal.stdinReader());
        }
        return b.build();
    }
}
