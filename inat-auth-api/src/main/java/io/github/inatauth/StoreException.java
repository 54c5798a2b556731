package io.github.inatauth;

/** A local store failed: keyring locked or absent, wrong passphrase, damaged file, bad permissions. */
public final class StoreException extends InatAuthException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react differently (the CLI's status, the chain). */
    public enum Kind {
        /** The store has no configuration (no passphrase, no key file): the chain treats it as absent. */
        NOT_CONFIGURED,
        /** The store's backend is not there (no D-Bus session, no Secret Service): treated as absent. */
        UNAVAILABLE,
        /** The keyring is locked. */
        LOCKED,
        /** Wrong passphrase or key. */
        WRONG_KEY,
        /** The content is damaged or truncated; it is left in place. */
        DAMAGED,
        /** Written by a newer inat-auth. */
        UNSUPPORTED_VERSION,
        /** Owner or mode of a file or folder is unsafe. */
        INSECURE_PERMISSIONS,
        /** Reading or writing failed. */
        IO
    }

    /** What went wrong. */
    private final Kind kind;

    /**
     * A failure without a cause.
     *
     * @param kind what went wrong
     * @param message what failed and what to do
     */
    public StoreException(Kind kind, String message) {
        this(kind, message, null);
    }

    /**
     * A failure with its cause.
     *
     * @param kind what went wrong
     * @param message what failed and what to do
     * @param cause the underlying error, or null
     */
    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** {@return what went wrong} */
    public Kind kind() {
        return kind;
    }

    /** {@return true for {@link Kind#NOT_CONFIGURED} and {@link Kind#UNAVAILABLE}: the store is absent, not broken} */
    public boolean isAbsent() {
        return kind == Kind.NOT_CONFIGURED || kind == Kind.UNAVAILABLE;
    }
}
