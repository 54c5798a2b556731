package io.github.inatauth.spi;

import io.github.inatauth.TokenType;
import java.util.Objects;

/**
 * What a cached token belongs to: one server, one app, one user, one kind of token. Tokens are never
 * shared across users or apps (pyinaturalist's global cache returned one user's JWT to another).
 * {@code appId} and {@code username} are empty, never null, when a read-only broker serves tokens
 * for credentials this program never sees.
 *
 * @param baseUrl the server's base URL
 * @param appId the app id, or empty
 * @param username the user, or empty
 * @param type the kind of token
 */
public record TokenKey(String baseUrl, String appId, String username, TokenType type) {

    /**
     * Checks that no part is null.
     *
     * @param baseUrl the server's base URL
     * @param appId the app id, or empty
     * @param username the user, or empty
     * @param type the kind of token
     */
    public TokenKey {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(type, "type");
    }

    // equals and hashCode by hand: a record's own are bootstrapped with method handles on first use,
    // which costs a command that looks one key up more than the lookup (docs/benchmarks.md)
    @Override
    public boolean equals(Object o) {
        return o instanceof TokenKey k && baseUrl.equals(k.baseUrl) && appId.equals(k.appId)
                && username.equals(k.username) && type == k.type;
    }

    @Override
    public int hashCode() {
        return ((baseUrl.hashCode() * 31 + appId.hashCode()) * 31 + username.hashCode()) * 31 + type.hashCode();
    }

    /**
     * The same key for another token type.
     *
     * @param other the type
     * @return the key
     */
    public TokenKey withType(TokenType other) {
        return new TokenKey(baseUrl, appId, username, other);
    }

    /**
     * A stable text form ({@code jwt|https://www.inaturalist.org|app|user}) for stores that key by
     * string; no part may hold the separator after escaping, so the form is reversible.
     *
     * @return the text form, which {@link #parse} reads back
     */
    public String asString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + "|" + escape(baseUrl) + "|" + escape(appId)
                + "|" + escape(username);
    }

    /**
     * The inverse of {@link #asString()}.
     *
     * @param text a key's text form
     * @return the key
     * @throws IllegalArgumentException when {@code text} is not a key's text form
     */
    public static TokenKey parse(String text) {
        String[] parts = text.split("\\|", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a token key");
        }
        return new TokenKey(unescape(parts[1]), unescape(parts[2]), unescape(parts[3]),
                TokenType.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)));
    }

    private static String escape(String s) {
        return s.replace("%", "%25").replace("|", "%7C");
    }

    private static String unescape(String s) {
        return s.replace("%7C", "|").replace("%25", "%");
    }
}
