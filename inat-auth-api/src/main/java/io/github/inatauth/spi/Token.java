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
 * expiry; for a JWT it is the {@code exp} claim. Both times lie in 1970..9999 (see
 * {@link #isPlausibleTime}); a parser checks a time it reads with that method before it makes a token.
 */
public record Token(Secret value, Instant obtainedAt, Instant expiresAt) {

    /** The last instant a token may carry, the end of year 9999; anything later is damage, not a date. */
    public static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * @throws IllegalArgumentException when a time is not {@linkplain #isPlausibleTime plausible}: its
     *         caller read it without checking
     */
    public Token {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
        if (!isPlausibleTime(obtainedAt) || (expiresAt != null && !isPlausibleTime(expiresAt))) {
            throw new IllegalArgumentException("a token's times lie between 1970 and " + LATEST_TIME);
        }
    }

    /**
     * Whether {@code time} can be a token's time: from 1970 to the end of year 9999. A store or an answer
     * holding any other time is damaged; every computation on a plausible time (epoch milliseconds,
     * durations to now) stays far from overflow.
     */
    public static boolean isPlausibleTime(Instant time) {
        return !time.isBefore(Instant.EPOCH) && !time.isAfter(LATEST_TIME);
    }

    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d{1,12})(?:\\.\\d+)?\\s*[,}]");

    /** A JWT obtained at {@code obtainedAt}, expiring at its {@code exp} claim (null when it has none). */
    public static Token jwt(Secret jwt, Instant obtainedAt) {
        return new Token(jwt, obtainedAt, decodeJwtExpiry(jwt.reveal()).orElse(null));
    }

    /**
     * The {@code exp} claim of a JWT, read without verifying the signature (the server checks that).
     * Empty when the text is not three dot-separated parts, the payload is not base64url JSON, or it
     * has no numeric {@code exp} that is a {@linkplain #isPlausibleTime plausible} time.
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
        Instant exp = Instant.ofEpochSecond(Long.parseLong(m.group(1)));
        return isPlausibleTime(exp) ? Optional.of(exp) : Optional.empty();
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** Whether the token has expired at {@code now}; a token without expiry never does. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
