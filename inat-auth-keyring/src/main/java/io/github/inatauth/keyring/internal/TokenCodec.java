package io.github.inatauth.keyring.internal;

import io.github.inatauth.internal.shared.TokenTimes;
import io.github.inatauth.Secret;
import io.github.inatauth.spi.Token;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The text a token entry holds: a version line, the times, and the token last, so that
 * {@code secret-tool lookup} shows something a person can read.
 * <pre>
 * inat-auth token 1
 * obtained_at=2026-11-27T20:00:00Z
 * expires_at=2026-11-28T20:00:00Z      (absent for OAuth tokens)
 * token=eyJ...
 * </pre>
 */
final class TokenCodec {
    static final String HEADER = "inat-auth token 1";
    private static final String OBTAINED = "obtained_at=";
    private static final String EXPIRES = "expires_at=";
    private static final String TOKEN = "token=";

    private TokenCodec() {
    }

    static String encode(Token token) {
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append(OBTAINED).append(token.obtainedAt()).append('\n');
        if (token.expiresAt() != null) {
            text.append(EXPIRES).append(token.expiresAt()).append('\n');
        }
        return text.append(TOKEN).append(token.value().reveal()).toString();
    }

    /**
     * The token, or empty when the text is not one this version wrote (damaged or foreign), its token
     * is not a bearer token (written before tokens were checked, or altered), or it has a time no
     * token has (before 1970 or after 9999, see {@link TokenTimes#isPlausible}).
     */
    static Optional<Token> decode(String text) {
        if (!text.startsWith(HEADER + "\n")) {
            return Optional.empty();
        }
        int tokenAt = text.indexOf("\n" + TOKEN);
        if (tokenAt < 0) {
            return Optional.empty();
        }
        Secret value = Secret.ofNullable(text.substring(tokenAt + 1 + TOKEN.length()));
        Instant obtained = null;
        Instant expires = null;
        for (String line : text.substring(0, tokenAt).split("\n")) {
            if (line.startsWith(OBTAINED)) {
                obtained = time(line.substring(OBTAINED.length()));
                if (obtained == null) {
                    return Optional.empty();
                }
            } else if (line.startsWith(EXPIRES)) {
                expires = time(line.substring(EXPIRES.length()));
                if (expires == null) {
                    return Optional.empty();
                }
            }
        }
        if (value == null || obtained == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Token(value, obtained, expires));
        } catch (IllegalArgumentException e) { // not a bearer token
            return Optional.empty();
        }
    }

    /** A plausible token time in ISO-8601, or null. */
    private static Instant time(String text) {
        try {
            Instant t = Instant.parse(text);
            return TokenTimes.isPlausible(t) ? t : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
