package io.github.inatauth.cli;

import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.http.BrowserOpener;
import io.github.inatauth.http.BrowserSignIn;
import io.github.inatauth.spi.OAuthGrant;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * {@code inat-auth login --web}: the browser sign-in of {@code io.github.inatauth.http} (authorization
 * code with PKCE), so that neither the password nor the app secret is needed. The username and app id
 * still are: they name the saved sign-in, so that {@code token} finds it again.
 */
final class WebLogin {
    private WebLogin() {
    }

    /** Username and app id from the environment or the console; the app secret only if the environment has it. */
    static Credentials credentials(LoginCommand login) {
        Terminal terminal = login.root.terminal();
        Credentials fromEnv = Credentials.of(terminal.env(Field.USERNAME.environmentVariable()), null,
                terminal.env(Field.APP_ID.environmentVariable()), terminal.env(Field.APP_SECRET.environmentVariable()));
        return login.ask(fromEnv, List.of(Field.USERNAME, Field.APP_ID));
    }

    static OAuthGrant grant(LoginCommand login) {
        Terminal terminal = login.root.terminal();
        PrintStream err = terminal.err();
        BrowserSignIn.Builder b = BrowserSignIn.builder().out(err).port(login.port)
                .opener(login.noBrowser ? BrowserOpener.print(err) : opener(err));
        // no base URL here: as the InatAuth's grant, the sign-in uses that InatAuth's
        if (login.outOfBand) {
            b.outOfBand(terminal.stdinReader());
        }
        return b.build();
    }

    /**
     * Prints the address, then asks the desktop to open it with its own command: {@code java.awt.Desktop}
     * would need {@code java.desktop} in the image (about 12 MB) for one call.
     */
    private static BrowserOpener opener(PrintStream err) {
        BrowserOpener print = BrowserOpener.print(err);
        return url -> {
            print.open(url);
            start(url);
        };
    }

    private static void start(URI url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> command = os.contains("mac") ? List.of("open", url.toString())
                : os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", url.toString())
                : List.of("xdg-open", url.toString());
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start().getOutputStream().close();
        } catch (IOException | RuntimeException e) {
            // no desktop here: the address printed above is the way
        }
    }
}
