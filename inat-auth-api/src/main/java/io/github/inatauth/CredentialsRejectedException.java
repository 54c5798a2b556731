package io.github.inatauth;

import java.util.Optional;

/**
 * The server refused the credentials or token: {@code invalid_grant} (username or password),
 * {@code invalid_client} (app id or secret), or a 401 for a token. Never retried.
 */
public final class CredentialsRejectedException extends InatAuthException {
    private static final long serialVersionUID = 1L;

    /** The OAuth {@code error} code as sent, or null. */
    private final String error;
    /** The HTTP status of the refusal. */
    private final int statusCode;

    /**
     * A refusal.
     *
     * @param message what was refused and what to check
     * @param error the OAuth {@code error} code as the server sent it (an open set; unknown codes are kept), or null
     * @param statusCode the HTTP status
     */
    public CredentialsRejectedException(String message, String error, int statusCode) {
        super(message, null);
        this.error = error;
        this.statusCode = statusCode;
    }

    /** {@return the OAuth error code, e.g. {@code invalid_grant}, as sent; empty when the server sent none} */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** {@return the HTTP status of the refusal} */
    public int statusCode() {
        return statusCode;
    }
}
