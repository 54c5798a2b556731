package io.github.inatauth.cli;

import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.http.BrowserOpener;
import io.github.inatauth.http.BrowserSignIn;
import io.github.inatauth.spi.OAuthGrant;
import java.io.PrintStream;
import java.util.List;

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
                .opener(login.noBrowser ? BrowserOpener.print(err) : BrowserOpener.system(err));
        // no base URL here: as the InatAuth's grant, the sign-in uses that InatAuth's
        if (login.outOfBand) {
            b.outOfBand(terminal.stdinReader());
        }
        return b.build();
    }
}
