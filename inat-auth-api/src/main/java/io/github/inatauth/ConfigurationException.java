package io.github.inatauth;

/** inat-auth is set up wrongly: an unknown source or store id, a missing module, a bad URL. */
public final class ConfigurationException extends InatAuthException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message, null);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
