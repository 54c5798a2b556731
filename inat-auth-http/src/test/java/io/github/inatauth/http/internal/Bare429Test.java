package io.github.inatauth.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13.6: a 429 without {@code Retry-After} (iNaturalist's front proxy, with an HTML page) means
 * "wait about a minute": one more try when that fits the call's deadline, else an immediate failure.
 * The transport's time is the test's: the minute is counted, not slept.
 */
class Bare429Test {
    private static final Fault BARE_429 = Fault.status(429, "text/html; charset=utf-8",
            "<html><body><h1>429 Too Many Requests</h1></body></html>");

    /** Time that moves only when the transport waits; every wait is recorded. */
    private static final class CountedWaits implements HttpTransport.Waits {
        final List<Duration> waited = new CopyOnWriteArrayList<>();
        private volatile long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            waited.add(d);
            now += d.toNanos();
        }
    }

    private InatTestServer server;
    private HttpClient client;
    private final CountedWaits waits = new CountedWaits();

    @BeforeEach
    void start() {
        server = InatTestServer.start();
        client = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpTransport transport(Duration callTimeout) {
        return new HttpTransport(client, Duration.ofSeconds(30), HttpTransport.DEFAULT_TRIES, Duration.ofMillis(1),
                Clock.systemUTC()).callTimeout(callTimeout).waits(waits);
    }

    private Request renewal() {
        String jwt = server.issueApiToken(InatTestServer.DEFAULT_USERNAME, Duration.ZERO);
        return Request.get(URI.create(server.baseUrl() + "/users/api_token"), Secret.of("Bearer " + jwt),
                "the renewal of the personal API token", "check INAT_AUTH_BASE_URL");
    }

    @Test
    void bare429_aMinuteFitsTheDeadline_waitsItOnceAndTheNextTrySucceeds() {
        server.failNext(Endpoint.API_TOKEN, BARE_429);

        Response answer = transport(Duration.ofMinutes(2)).send(renewal());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(waits.waited).containsExactly(HttpTransport.BARE_429_WAIT);
        assertThat(server.requestCount(Endpoint.API_TOKEN)).isEqualTo(2);
    }

    @Test
    void bare429_again_afterTheOneWait_failsAtOnceCarryingAMinute() {
        server.failAlways(Endpoint.API_TOKEN, BARE_429);

        assertThatThrownBy(() -> transport(Duration.ofMinutes(5)).send(renewal()))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.statusCode()).hasValue(429);
                    assertThat(e.retryAfter()).contains(HttpTransport.BARE_429_WAIT);
                    assertThat(e.getMessage()).contains("rate limiting").contains("after 2 tries")
                            .contains("no Retry-After").contains(HttpTransport.RATE_LIMITS).doesNotContain("<h1>");
                });
        assertThat(waits.waited).as("one wait of a minute, never a second").containsExactly(HttpTransport.BARE_429_WAIT);
        assertThat(server.requestCount(Endpoint.API_TOKEN)).isEqualTo(2);
    }

    @Test
    void bare429_aMinuteDoesNotFitTheDeadline_failsAtOnceWithoutWaiting() {
        server.failNext(Endpoint.API_TOKEN, BARE_429);

        assertThatThrownBy(() -> transport(Duration.ofSeconds(20)).send(renewal()))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.statusCode()).hasValue(429);
                    assertThat(e.retryAfter()).contains(HttpTransport.BARE_429_WAIT);
                    assertThat(e.getMessage()).contains("about a minute").contains(HttpTransport.RATE_LIMITS);
                });
        assertThat(waits.waited).isEmpty();
        assertThat(server.requestCount(Endpoint.API_TOKEN)).isEqualTo(1);
    }
}
