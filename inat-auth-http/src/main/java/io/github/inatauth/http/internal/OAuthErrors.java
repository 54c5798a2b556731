package io.github.inatauth.http.internal;

/**
 * The OAuth {@code error} codes the library acts on (RFC 6749 5.2 and 4.1.2.1, RFC 6750 3.1); other
 * codes are kept and shown as sent. iNaturalist has no code of its own: a suspended account is an
 * {@code invalid_grant} whose description says so.
 */
public final class OAuthErrors {
    /**
     * Wrong password, or a code or verifier not accepted; iNaturalist also sends it for suspended,
     * unconfirmed or child accounts, with a description that says which.
     */
    public static final String INVALID_GRANT = "invalid_grant";
    /** The app id is unknown, or a confidential app came without its secret. */
    public static final String INVALID_CLIENT = "invalid_client";
    /** The user pressed Deny on the authorize page. */
    public static final String ACCESS_DENIED = "access_denied";
    /** A revoked or unknown access token (Doorkeeper's WWW-Authenticate). */
    public static final String INVALID_TOKEN = "invalid_token";
    /** An access token without the scope an endpoint needs ({@code write} for {@code /users/api_token}). */
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

    private OAuthErrors() {
    }
}
