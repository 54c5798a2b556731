package io.github.inatauth.spi;

import io.github.inatauth.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token and its times. {@code expiresAt} is {@code null} for OAuth tokens, which have no timed
 * expiry; for a JWT it is the {@code exp} claim.
 *
 * @param value the token itself
 * @param obtainedAt when the server gave it
 * @param expiresAt when it expires, or null when it has no timed expiry
 */
public record Token(Secret value, Instant obtainedAt, Instant expiresAt) {

    /**
     * Checks that the token and the time it was obtained are there.
     *
     * @param value the token itself
     * @param obtainedAt when the server gave it
     * @param expiresAt when it expires, or null when it has no timed expiry
     */
    public Token {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
    }

    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d{1,12})(?:\\.\\d+)?\\s*[,}]");

    /**
     * A JWT, expiring at its {@code exp} claim.
     *
     * @param jwt the JWT
     * @param obtainedAt when the server gave it
     * @return the token; without expiry when the JWT has no {@code exp} claim
     */
    public static Token jwt(Secret jwt, Instant obtainedAt) {
        return new Token(jwt, obtainedAt, decodeJwtExpiry(jwt.reveal()).orElse(null));
    }

    /**
     * The {@code exp} claim of a JWT, read without verifying the signature (the server checks that).
     * Empty when the text is not three dot-separated parts, the payload is not base64url JSON, or it
     * has no numeric {@code exp}.
     *
     * @param jwt the JWT as text, or null
     * @return the expiry
     */
    public static Optional<Instant> decodeJwtExpiry(String jwt) {
        if (jwt == null) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return Optional.empty();
        }
        String payload;
        try {
            payload = new String(Base64.getUrlDecoder().decode(stripPadding(parts[1])), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Matcher m = EXP.matcher(payload);
        if (!payload.startsWith("{") || !m.find()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(m.group(1))));
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
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
