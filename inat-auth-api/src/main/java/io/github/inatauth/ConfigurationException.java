package io.github.inatauth;

/** inat-auth is set up wrongly: an unknown source or store id, a missing module, a bad URL. */
public final class ConfigurationException extends InatAuthException {
    private static final long serialVersionUID = 1L;

    /**
     * An error without a cause.
     *
     * @param message what is wrong and what to set
     */
    public ConfigurationException(String message) {
        super(message, null);
    }

    /**
     * An error with its cause.
     *
     * @param message what is wrong and what to set
     * @param cause the underlying error
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
