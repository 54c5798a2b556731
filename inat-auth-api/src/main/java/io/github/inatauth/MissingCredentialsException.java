package io.github.inatauth;

import java.util.List;

/** Some credential fields are missing after every source was asked. The message lists each source and what it gave. */
public final class MissingCredentialsException extends InatAuthException {
    private static final long serialVersionUID = 1L;

    private final transient List<Credentials.Field> missing;

    /**
     * The error.
     *
     * @param message every source asked and what it gave
     * @param missing the fields no source gave
     */
    public MissingCredentialsException(String message, List<Credentials.Field> missing) {
        super(message, null);
        this.missing = List.copyOf(missing);
    }

    /** {@return the fields no source gave} */
    public List<Credentials.Field> missingFields() {
        return missing;
    }
}
