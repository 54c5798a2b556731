package io.github.inatauth;

/**
 * Every failure inat-auth reports. Unchecked, sealed: a caller can tell the five cases apart and
 * each message says what to do. Messages never hold a password, app secret, token or response body.
 */
public abstract sealed class InatAuthException extends RuntimeException
        permits MissingCredentialsException, CredentialsRejectedException, ServerException,
                StoreException, ConfigurationException {

    private static final long serialVersionUID = 1L;

    InatAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
