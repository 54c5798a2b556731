package io.github.inatauth.spi;

import io.github.inatauth.Secret;
import io.github.inatauth.internal.BearerTokens;
import io.github.inatauth.internal.shared.JwtClaims;
import io.github.inatauth.internal.shared.TokenTimes;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token and its times, on this machine's clock. {@code expiresAt} is {@code null} for OAuth
 * tokens, which have no timed expiry; for a JWT it is its {@code exp} claim (moved to this machine's
 * clock when the server's clock differs), or {@link #jwt} makes it one hour after
 * {@code obtainedAt} when the JWT has no usable {@code exp}.
 *
 * <p>The value is always a bearer token: an RFC 6750 {@code b64token} of at most 4096 characters,
 * so it can go into an {@code Authorization} header or onto one line of output as it is. Both times
 * lie from 1970 to the end of year 9999: a parser checks a time it reads before it makes a token.
 *
 * @param value the token itself
 * @param obtainedAt when the server gave it
 * @param expiresAt when it expires, or null when it has no timed expiry
 */
public record Token(Secret value, Instant obtainedAt, Instant expiresAt) {

    /**
     * Checks the token and its times.
     *
     * @param value the token itself
     * @param obtainedAt when the server gave it
     * @param expiresAt when it expires, or null when it has no timed expiry
     * @throws IllegalArgumentException when {@code value} is not a bearer token; the message says why
     *         (e.g. "not a bearer token ...: it has a line break at position 41") and never holds the
     *         value, so a caller can wrap it in its own error. Also when a time lies before 1970 or
     *         after the year 9999: its caller read it without checking
     */
    public Token {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
        String problem = BearerTokens.problem(value.reveal());
        if (problem != null) {
            throw new IllegalArgumentException("not " + BearerTokens.RULE + ": it " + problem);
        }
        if (!TokenTimes.isPlausible(obtainedAt) || (expiresAt != null && !TokenTimes.isPlausible(expiresAt))) {
            throw new IllegalArgumentException("a token's times lie between 1970 and " + TokenTimes.LATEST);
        }
    }

    /**
     * A JWT obtained at {@code obtainedAt}, expiring at its {@code exp} claim; without a usable one
     * (absent, not a number, not positive, past the year 9999), one hour after {@code obtainedAt}.
     *
     * @param jwt the JWT
     * @param obtainedAt when the server gave it
     * @return the token
     */
    public static Token jwt(Secret jwt, Instant obtainedAt) {
        return new Token(jwt, obtainedAt, JwtClaims.expiry(jwt.reveal()).orElse(obtainedAt.plus(JwtClaims.WITHOUT_EXP)));
    }

    /** {@return when the token expires; empty when it has no timed expiry} */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * Whether the token has expired at {@code now}; a token without expiry never does.
     *
     * @param now the time to judge by
     * @return true when {@code now} is at or past the expiry
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
