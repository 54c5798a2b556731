package io.github.inatauth.filestore.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-process issuer that counts what it was asked, for tests of the store inside the engine. */
final class CountingIssuer implements TokenIssuer {
    final AtomicInteger grants = new AtomicInteger();
    final AtomicInteger jwts = new AtomicInteger();
    final List<Credentials> granted = new CopyOnWriteArrayList<>();

    @Override
    public TokenIssuer open(ProviderContext context) {
        return this;
    }

    @Override
    public Token passwordGrant(Credentials credentials) {
        granted.add(credentials);
        return new Token(Secret.of("oauth-" + grants.incrementAndGet()), Instant.now(), null);
    }

    @Override
    public Token exchangeForJwt(Secret oauthToken) {
        return Token.jwt(Secret.of(jwt(Instant.now().plus(Duration.ofHours(24)), jwts.incrementAndGet())), Instant.now());
    }

    @Override
    public boolean validate(Secret jwt) {
        return true;
    }

    /** An unsigned JWT with an {@code exp} claim; the signature is never checked on our side. */
    static String jwt(Instant exp, int serial) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS512\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"user_id\":1,\"n\":" + serial + ",\"exp\":" + exp.getEpochSecond() + "}")
                        .getBytes(StandardCharsets.UTF_8)) + ".sig";
    }
}
