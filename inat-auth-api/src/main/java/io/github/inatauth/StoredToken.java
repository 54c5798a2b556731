package io.github.inatauth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token the store keeps, as {@link InatAuth#storedTokens()} reports it: whose it is and its times,
 * never its value (ask {@link InatAuth#accessToken} for that).
 *
 * @param type the kind of token
 * @param baseUrl the server it is for, e.g. {@code https://www.inaturalist.org}
 * @param appId the app it was granted to; empty when a broker serves it for an app this program never sees
 * @param username the user; empty in the same case
 * @param obtainedAt when it was obtained
 * @param expiresAt when it expires, or null for an OAuth token, which has no timed expiry
 */
public record StoredToken(TokenType type, String baseUrl, String appId, String username, Instant obtainedAt,
        Instant expiresAt) {

    /**
     * Checks that every part but {@code expiresAt} is there.
     *
     * @param appId the app, or empty
     * @param baseUrl the server
     * @param expiresAt when it expires, or null
     * @param obtainedAt when it was obtained
     * @param type the kind of token
     * @param username the user, or empty
     */
    public StoredToken {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
    }

    /** {@return when the token expires; empty for an OAuth token} */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * Whether the token has expired at {@code now}; one without expiry never does.
     *
     * @param now the time to judge at
     * @return true when it has expired
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
