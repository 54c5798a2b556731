package io.github.inatauth.cli;

import static io.github.inatauth.cli.ConformanceServer.CAROL;
import static io.github.inatauth.cli.ConformanceServer.CONFIDENTIAL_APP;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real launcher against Doorkeeper itself (the conformance server): a kept OAuth token
 * that the server revoked (as iNaturalist does on a password change or a suspension) is replaced by
 * exactly one new grant when the password is at hand, else the user is told to sign in again; and a
 * personal API token near its end is renewed by the JWT-authenticated {@code /users/api_token}. Grants
 * are counted in the server's database. The tests use {@code carol}, whom no other class signs in.
 */
@ExtendWith(ConformanceServer.class)
class RevocationConformanceIT {
    private static final String OAUTH_SHAPE = "[A-Za-z0-9_-]{43}\n";

    @TempDir
    Path home;

    /** The launcher with the file store and nothing else. */
    private Launcher withFileStore(ConformanceServer server) throws IOException {
        Path keyFile = home.resolve("store.key");
        if (!Files.exists(keyFile)) {
            Files.writeString(keyFile, LauncherIT.KEY_HEX);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        }
        return new Launcher(home).env("INAT_AUTH_BASE_URL", server.baseUrl().toString())
                .env("INAT_AUTH_API_URL", server.apiUrl().toString())
                .env("INAT_AUTH_HOME", home.resolve("store").toString()).env("INAT_AUTH_KEY_FILE", keyFile.toString())
                .forbid(LauncherIT.KEY_HEX, CAROL.password(), CONFIDENTIAL_APP.secret());
    }

    /** The file store and carol's app, username and app secret, without her password. */
    private Launcher withoutPassword(ConformanceServer server) throws IOException {
        return withFileStore(server).env("INAT_USERNAME", CAROL.login()).env("INAT_APP_ID", CONFIDENTIAL_APP.id())
                .env("INAT_APP_SECRET", CONFIDENTIAL_APP.secret());
    }

    private Launcher withPassword(ConformanceServer server) throws IOException {
        return withoutPassword(server).env("INAT_PASSWORD", CAROL.password());
    }

    /** The OAuth token the first run granted and kept in the file store; then the server revokes it. */
    private String keptThenRevoked(ConformanceServer server, ConformanceServer.Tokens before) throws IOException {
        Launcher.Result first = withPassword(server).run("token", "--oauth");
        assertThat(first.exitCode()).as("%s\n%s", first, server.log()).isZero();
        assertThat(first.out()).matches(OAUTH_SHAPE);
        assertThat(server.tokens(CAROL).total()).as("the first run's grant").isEqualTo(before.total() + 1);
        server.revokeTokens(CAROL);
        assertThat(server.tokens(CAROL).live()).isZero();
        return first.out();
    }

    @Test
    void revokedKeptToken_withThePassword_isReplacedByOneGrant_keptInTheStore_andASecondRunMakesNone(
            ConformanceServer server) throws IOException {
        ConformanceServer.Tokens before = server.tokens(CAROL);
        String revoked = keptThenRevoked(server, before);

        Launcher.Result token = withPassword(server).forbid(revoked.strip()).run("token");
        assertThat(token.exitCode()).as("%s\n%s", token, server.log()).isZero();
        assertThat(token.out()).matches(LauncherIT.JWT_SHAPE);
        assertThat(token.err()).isEmpty();
        assertThat(server.tokens(CAROL)).as("exactly one new grant, and it is live")
                .isEqualTo(new ConformanceServer.Tokens(before.total() + 2, 1));
        assertThat(loginOf(server, token.out().strip())).as("the API accepts the JWT").isEqualTo(CAROL.login());

        Launcher.Result kept = withPassword(server).run("token", "--oauth");
        assertThat(kept.exitCode()).as("%s", kept).isZero();
        assertThat(kept.out()).as("the store holds the new OAuth token").matches(OAUTH_SHAPE).isNotEqualTo(revoked);
        Launcher.Result again = withPassword(server).run("token");
        assertThat(again.exitCode()).as("%s", again).isZero();
        assertThat(again.out()).as("the kept JWT").isEqualTo(token.out());
        assertThat(server.tokens(CAROL).total()).as("no grant after the replacement").isEqualTo(before.total() + 2);
    }

    @Test
    void revokedKeptToken_withoutThePassword_exits4SayingToSignInAgain(ConformanceServer server) throws IOException {
        ConformanceServer.Tokens before = server.tokens(CAROL);
        String revoked = keptThenRevoked(server, before);

        Launcher.Result r = withoutPassword(server).forbid(revoked.strip()).run("token");
        assertThat(r.exitCode()).as("%s\n%s", r, server.log()).isEqualTo(ExitCode.REJECTED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("sign in again", "`inat-auth login`");
        assertThat(server.tokens(CAROL).total()).as("no grant without the password").isEqualTo(before.total() + 1);

        Launcher.Result withIt = withPassword(server).run("token");
        assertThat(withIt.exitCode()).as("the refused token was dropped from the store: %s", withIt).isZero();
        assertThat(server.tokens(CAROL)).isEqualTo(new ConformanceServer.Tokens(before.total() + 2, 1));
    }

    @Test
    void personalApiTokenNearItsEnd_isRenewedByTheServer_withoutAGrant(ConformanceServer server) throws IOException {
        ConformanceServer.Tokens before = server.tokens(CAROL);
        String ending = server.apiTokenEndingIn(CAROL, CONFIDENTIAL_APP, 120);
        assertThat(loginOf(server, ending)).isEqualTo(CAROL.login());

        Launcher.Result r = new Launcher(home).env("INAT_AUTH_BASE_URL", server.baseUrl().toString())
                .env("INAT_AUTH_API_URL", server.apiUrl().toString()).env("INAT_API_TOKEN", ending).forbid(ending)
                .run("token");
        assertThat(r.exitCode()).as("%s\n%s", r, server.log()).isZero();
        assertThat(r.out()).matches(LauncherIT.JWT_SHAPE).isNotEqualTo(ending + "\n");
        assertThat(loginOf(server, r.out().strip())).as("the renewed token is carol's").isEqualTo(CAROL.login());
        assertThat(server.tokens(CAROL)).as("no password grant").isEqualTo(before);
    }

    /** The login the API's {@code /v1/users/me} answers for a token, or the HTTP status when it refuses it. */
    private static String loginOf(ConformanceServer server, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) server.baseUrl().resolve("/v1/users/me").toURL().openConnection();
        try {
            c.setRequestProperty("Authorization", token);
            if (c.getResponseCode() != 200) {
                return "HTTP " + c.getResponseCode();
            }
            try (InputStream in = c.getInputStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"login\":\"([^\"]+)\"").matcher(body);
                return m.find() ? m.group(1) : body;
            }
        } finally {
            c.disconnect();
        }
    }
}
