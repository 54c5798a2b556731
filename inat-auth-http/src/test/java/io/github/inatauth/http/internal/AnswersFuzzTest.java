package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.TokenTimes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.inatauth.InatAuthException;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.Token;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzz targets for the answers of iNaturalist and of a token broker. {@code mvn verify} replays the
 * corpus in {@code src/test/resources/io/github/inatauth/http/internal/AnswersFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} searches for new inputs (README, "Fuzzing"). Whatever the status and body, the
 * answer is a token with plausible times or one of the library's own exceptions.
 */
class AnswersFuzzTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final URI TOKEN_URL = URI.create("https://www.inaturalist.org/oauth/token");
    private static final RemoteEndpoint BROKER = new RemoteEndpoint(URI.create("https://broker.example/tokens"), null, "");

    /** A {@code /oauth/token} or {@code /users/api_token} answer: any status, JSON content type, any body. */
    @FuzzTest(maxDuration = "60s")
    void oauthAnswers(FuzzedDataProvider data) {
        boolean jwt = data.consumeBoolean();
        int status = data.consumeInt(100, 599);
        String contentType = data.pickValue(List.of("application/json", "application/json; charset=utf-8", "text/html"));
        Response r = new Response(Request.get(TOKEN_URL, null, "the request", "check it"), status,
                HttpHeaders.of(Map.of("Content-Type", List.of(contentType)), (a, b) -> true), data.consumeRemainingAsBytes());
        try {
            Token token = jwt ? OAuthAnswers.jwt(r, new ServerClock.Reading(NOW, null), OAuthAnswers.Refusal.OAUTH_TOKEN)
                    : OAuthAnswers.accessToken(r, NOW, OAuthAnswers.RejectHint.PASSWORD);
            assertThat(token.obtainedAt()).isEqualTo(NOW);
        } catch (InatAuthException e) {
            assertThat(e.getMessage()).contains("inaturalist.org");
        }
    }

    /**
     * A broker's answer: any body and any offset a {@code Date} header (1970..9999) can show; if the body
     * is a JSON object, its tokens with plausible times or a ServerException naming the broker.
     */
    @FuzzTest(maxDuration = "60s")
    void brokerAnswer(FuzzedDataProvider data) {
        Duration offset = data.consumeBoolean() ? null : Duration.ofSeconds(data.consumeLong(
                -NOW.getEpochSecond(), TokenTimes.LATEST.getEpochSecond() - NOW.getEpochSecond()));
        Optional<JsonObject> json = JsonSupport.parseObject(data.consumeRemainingAsBytes());
        if (json.isEmpty()) {
            return;
        }
        try {
            RemoteTokenStore.tokens(new RemoteEndpoint.Answer(json.get(), offset), BROKER, NOW).values().forEach(token ->
                    token.expiry().ifPresent(t -> assertThat(TokenTimes.isPlausible(t)).isTrue()));
        } catch (ServerException e) {
            assertThat(e.getMessage()).contains("broker.example");
        }
    }
}
