package io.github.inatauth.http;

import io.github.inatauth.internal.shared.JwtClaims;
import static io.github.inatauth.http.TestSupport.auth;
import static io.github.inatauth.http.TestSupport.envWithDefaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.TokenType;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15.3: a kept OAuth token that {@code /users/api_token} refuses (iNaturalist revoked it: a new
 * password, a suspension, the app's access revoked) is dropped from the store and replaced by exactly
 * one grant when the credentials allow one; else the error says to sign in again. Runs share the
 * process's memory store; the later run is a day on (its JWT has expired), as the next day's cron job.
 */
class RevokedOAuthTokenTest {
    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private InatTestServer server() {
        return kit.server();
    }

    private final Clock dayLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(25));

    /** Whether the memory store keeps an OAuth token for this server. */
    private boolean keepsAnOAuthToken(InatAuth auth) {
        return auth.storedTokens().stream().anyMatch(t -> t.baseUrl().equals(server().baseUrl().toString())
                && t.type() == TokenType.OAUTH);
    }

    private String firstRun() {
        try (InatAuth first = auth(server(), envWithDefaults(server())).store("memory").build()) {
            first.accessToken();
            return first.accessToken(TokenType.OAUTH);
        }
    }

    @Test
    void revokedKeptToken_droppedFromTheStore_andReplacedByExactlyOneGrant() {
        String revoked = firstRun();
        server().revokeTokens(InatTestServer.DEFAULT_USERNAME);
        server().clock(dayLater); // the server is a day on too

        String replacement;
        try (InatAuth next = auth(server(), envWithDefaults(server())).store("memory").clock(dayLater).build()) {
            String jwt = next.accessToken();
            assertThat(JwtClaims.expiry(jwt).orElseThrow()).isAfter(dayLater.instant());
            replacement = next.accessToken(TokenType.OAUTH);
        }
        assertThat(replacement).isNotNull().isNotEqualTo(revoked);
        assertThat(server().grantCount()).as("grants: the first run's and one replacement").isEqualTo(2);

        try (InatAuth after = auth(server(), envWithDefaults(server())).store("memory").clock(dayLater).build()) {
            assertThat(after.accessToken(TokenType.OAUTH)).as("from the store").isEqualTo(replacement);
            after.accessToken();
        }
        assertThat(server().grantCount()).isEqualTo(2);
    }

    @Test
    void revokedKeptToken_withoutPasswordOrAppSecret_droppedAndTheErrorSaysToSignInAgain() {
        String revoked = firstRun();
        server().revokeTokens(InatTestServer.DEFAULT_USERNAME);
        server().clock(dayLater); // the server is a day on too
        Map<String, String> noSecrets = new HashMap<>(envWithDefaults(server()));
        noSecrets.remove("INAT_PASSWORD");
        noSecrets.remove("INAT_APP_SECRET");

        try (InatAuth next = auth(server(), noSecrets).sources("env").store("memory").clock(dayLater).build()) {
            CredentialsRejectedException e = catchThrowableOfType(CredentialsRejectedException.class, next::accessToken);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("revoked", "sign in again (`inat-auth login`)").doesNotContain(revoked);
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(keepsAnOAuthToken(next)).isFalse();
        }
        assertThat(server().grantCount()).isEqualTo(1);
    }
}
