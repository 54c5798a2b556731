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

    /** The HTTP status, or null when no response came. */
    private final Integer statusCode;
    /** What the server asked us to wait, or null. */
    private final Duration retryAfter;

    /**
     * A failure without a response status.
     *
     * @param message what failed
     * @param cause the underlying error, or null
     */
    public ServerException(String message, Throwable cause) {
        this(message, null, null, cause);
    }

    /**
     * A failure with what the server answered.
     *
     * @param message what failed
     * @param statusCode the HTTP status, or null when no response came
     * @param retryAfter what the server asked us to wait, or null
     * @param cause the underlying error, or null
     */
    public ServerException(String message, Integer statusCode, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
    }

    /** {@return the HTTP status of the answer; empty when no response came} */
    public OptionalInt statusCode() {
        return statusCode == null ? OptionalInt.empty() : OptionalInt.of(statusCode);
    }

    /** {@return how long the server asked us to wait ({@code Retry-After}); empty when it did not say} */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
