package io.github.inatauth.bench;

import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** An issuer without network: the warm path is measured without any I/O behind it. */
final class FixedIssuer implements TokenIssuer {
    private final Duration jwtLifetime;

    FixedIssuer(Duration jwtLifetime) {
        this.jwtLifetime = jwtLifetime;
    }

    @Override
    public Token passwordGrant(Credentials credentials) {
        return new Token(Secret.of("bench-oauth-token"), Instant.now(), null);
    }

    @Override
    public Token exchangeForJwt(Secret oauthToken) {
        Instant now = Instant.now();
        return Token.jwt(Secret.of(jwt(now.plus(jwtLifetime))), now);
    }

    @Override
    public boolean validate(Secret jwt) {
        return true;
    }

    /** An unsigned JWT whose only claim that matters is {@code exp}. */
    static String jwt(Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"user_id\":1,\"exp\":" + exp.getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".bench";
    }
}
