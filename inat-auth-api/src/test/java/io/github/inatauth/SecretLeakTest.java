package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.spi.Token;
import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.LogCapture;
import io.github.inatauth.testkit.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sentinel secrets must never reach a toString, an exception message (with causes) or a log record. */
class SecretLeakTest {
    private static final String PASSWORD = "SENTINEL-PASSWORD-7f3a";
    private static final String APP_SECRET = "SENTINEL-APPSECRET-91bc";
    private static final Map<String, String> ENV = Map.of("INAT_USERNAME", "u", "INAT_PASSWORD", PASSWORD,
            "INAT_APP_ID", "a", "INAT_APP_SECRET", APP_SECRET);

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.of("io.github.inatauth");
    }

    @AfterEach
    void stopCapture() {
        logs.close();
    }

    private static String trace(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void everyFailurePath_neverShowsSecrets() throws InterruptedException {
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        CountingIssuer issuer = new CountingIssuer(clock);
        List<String> texts = new ArrayList<>();
        try (InatAuth auth = InatAuth.builder().environment(ENV::get).systemProperties(k -> null).sources("env")
                .store("none").issuer(issuer.provider()).clock(clock).build()) {
            String jwt = auth.accessToken();
            String oauth = auth.accessToken(TokenType.OAUTH);
            texts.add(auth.toString());
            texts.add(auth.credentialReport().toString());
            texts.add(auth.storedTokens().toString());
            texts.add(Credentials.of("u", PASSWORD, "a", APP_SECRET).toString());
            texts.add(Token.jwt(Secret.of(jwt), clock.instant()).toString());

            // a failing background refresh logs a warning
            issuer.exchangeFailure.set(new ServerException("iNaturalist answered 503.", 503, null, null));
            clock.advance(Duration.ofHours(24).minusMinutes(2));
            auth.accessToken();
            for (int i = 0; i < 500 && !logs.text().contains("failed"); i++) {
                Thread.sleep(10);
            }
            assertThat(logs.lines()).anyMatch(l -> l.contains("Refreshing the JWT token for u failed"));
            // a failing forced refresh and a rejected grant
            issuer.grantFailure.set(new CredentialsRejectedException("The username or password was refused (invalid_grant).",
                    "invalid_grant", 400));
            try {
                auth.refreshAccessToken();
            } catch (InatAuthException e) {
                texts.add(trace(e));
            }
            assertThat(String.join("\n", texts)).doesNotContain(jwt).doesNotContain(oauth);
        }
        try (InatAuth missing = InatAuth.builder().environment(Map.of("INAT_PASSWORD", PASSWORD)::get)
                .systemProperties(k -> null).sources("env").store("none").issuer(issuer.provider()).build()) {
            missing.accessToken();
        } catch (InatAuthException e) {
            texts.add(trace(e));
        }
        String all = String.join("\n", texts) + logs.text();
        assertThat(all).doesNotContain(PASSWORD).doesNotContain(APP_SECRET);
        assertThat(texts).anyMatch(t -> t.contains("MissingCredentialsException"));
    }

    @Test
    void secret_toStringAndMask_hideTheValue() {
        Secret s = Secret.of(PASSWORD);
        assertThat(s.toString()).doesNotContain("SENTINEL");
        assertThat(s.masked()).isEqualTo("SE***");
        assertThat(Secret.of("short").masked()).isEqualTo("***");
        assertThat(s.matches(PASSWORD)).isTrue();
        assertThat(s).isEqualTo(Secret.of(PASSWORD)).isNotEqualTo(Secret.of("other"));
    }
}
