package io.github.inatauth.spi;

import io.github.inatauth.internal.shared.JwtClaims;
import io.github.inatauth.internal.shared.TokenTimes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.inatauth.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Fuzz targets for reading a JWT's expiry. {@code mvn verify} replays the corpus in
 * {@code src/test/resources/io/github/inatauth/spi/TokenFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} Jazzer searches for new inputs (see the project README, "Fuzzing").
 * Whatever the text, the expiry is empty or a plausible time, and a JWT token made from it expires
 * then (one hour after it was obtained without one) unless the text is no bearer token.
 */
class TokenFuzzTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** Any text as a whole JWT. */
    @FuzzTest(maxDuration = "40s")
    void decodeJwtExpiry_anyText(FuzzedDataProvider data) {
        check(data.consumeRemainingAsString());
    }

    /** Any bytes as the payload of a well-formed JWT, to reach the claim parsing. */
    @FuzzTest(maxDuration = "40s")
    void decodeJwtExpiry_anyPayload(FuzzedDataProvider data) {
        byte[] payload = data.consumeRemainingAsBytes();
        check("eyJhbGciOiJIUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + ".c2ln");
    }

    private static void check(String jwt) {
        Optional<Instant> exp = JwtClaims.expiry(jwt);
        exp.ifPresent(t -> assertThat(TokenTimes.isPlausible(t)).as("exp of %s", jwt).isTrue());
        if (jwt.isEmpty()) {
            return;
        }
        try {
            assertThat(Token.jwt(Secret.of(jwt), NOW).expiresAt()).isEqualTo(exp.orElse(NOW.plus(Duration.ofHours(1))));
        } catch (IllegalArgumentException e) { // the only refusal: not a bearer token
            assertThat(e.getMessage()).startsWith("not a bearer token");
        }
    }
}
