package io.github.inatauth;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The server or the network failed: connection refused or reset, timeout, a 5xx, a 429, or an
 * answer that is not what iNaturalist sends. Worth trying again later.
 */
public final class ServerException extends InatAuthException {
    private static final long serialVersionUID = 1L;

    private final Integer statusCode;
    private final Duration retryAfter;

    public ServerException(String message, Throwable cause) {
        this(message, null, null, cause);
    }

    /**
     * @param statusCode the HTTP status, or null when no response came
     * @param retryAfter what the server asked us to wait, or null
     */
    public ServerException(String message, Integer statusCode, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
    }

    public OptionalInt statusCode() {
        return statusCode == null ? OptionalInt.empty() : OptionalInt.of(statusCode);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
