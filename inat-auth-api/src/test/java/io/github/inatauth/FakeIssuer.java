package io.github.inatauth;

import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An issuer for the engine's own tests (the HTTP issuer is tested against the testkit server in
 * inat-auth-http). Latches let a test hold a request in flight; failures are set per call kind.
 */
final class FakeIssuer implements TokenIssuer {
    final AtomicInteger grants = new AtomicInteger();
    final AtomicInteger exchanges = new AtomicInteger();
    final AtomicReference<RuntimeException> grantFailure = new AtomicReference<>();
    final AtomicReference<RuntimeException> exchangeFailure = new AtomicReference<>();
    /** One-shot failures for the next exchanges, before {@link #exchangeFailure} is looked at. */
    final java.util.concurrent.ConcurrentLinkedDeque<RuntimeException> nextExchangeFailures =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    /** Values unique in the JVM: the memory store is shared by every test. */
    private static final java.util.concurrent.atomic.AtomicLong UNIQUE = new java.util.concurrent.atomic.AtomicLong();
    final AtomicReference<Credentials> lastGrantCredentials = new AtomicReference<>();
    volatile CountDownLatch exchangeEntered = new CountDownLatch(0);
    volatile CountDownLatch exchangeRelease = new CountDownLatch(0);
    volatile Duration jwtLifetime = Duration.ofHours(24);
    private final Clock clock;

    FakeIssuer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public TokenIssuer open(ProviderContext context) {
        return this;
    }

    @Override
    public Token passwordGrant(Credentials credentials) {
        lastGrantCredentials.set(credentials);
        RuntimeException f = grantFailure.get();
        if (f != null) {
            throw f;
        }
        int n = grants.incrementAndGet();
        return new Token(Secret.of("oauth-" + n + "-" + UNIQUE.incrementAndGet()), clock.instant(), null);
    }

    @Override
    public Token exchangeForJwt(Secret oauthToken) {
        exchangeEntered.countDown();
        try {
            if (!exchangeRelease.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        RuntimeException once = nextExchangeFailures.poll();
        if (once != null) {
            throw once;
        }
        RuntimeException f = exchangeFailure.get();
        if (f != null) {
            throw f;
        }
        int n = exchanges.incrementAndGet();
        Instant now = clock.instant();
        return Token.jwt(Secret.of(jwt(now.plus(jwtLifetime), "n" + n + "-" + UNIQUE.incrementAndGet())), now);
    }

    @Override
    public boolean validate(Secret jwt) {
        return jwt.reveal().startsWith("eyJ");
    }

    static String jwt(Instant exp, String id) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS512\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"user_id\":1,\"jti\":\"" + id + "\",\"exp\":" + exp.getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".sig";
    }
}
