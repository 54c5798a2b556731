package io.github.inatauth.spi;

import io.github.inatauth.Credentials;

/**
 * A place credentials come from: environment variables ({@code env}), a remote HTTP endpoint
 * ({@code remote}), the OS keyring ({@code keyring}), an encrypted file ({@code file}).
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: declare them with
 * {@code provides} in module-info <em>and</em> in {@code META-INF/services}. They need a public
 * no-argument constructor and must be cheap to create: configuration is read in {@link #read}.
 *
 * <p>Unlike {@link TokenStoreProvider} and {@link TokenIssuerProvider}, a source is not opened: it
 * takes the context on each call. It holds nothing between calls that opening could keep: it is
 * read once per credential resolution (again only after a refusal or a forced refresh), a keyring
 * session is opened and closed around each read so that a keyring unlocked in the meantime is seen,
 * and {@link #save}/{@link #delete} serve tools that have no {@code InatAuth} to open it for.
 */
public interface CredentialSource {

    /** {@return the short id users select it by in {@code INAT_AUTH_SOURCES}, e.g. {@code keyring}} */
    String id();

    /**
     * Reads the credentials. A source that is not configured (no variables set, no keyring on this
     * machine) returns {@link Result.NotConfigured} with a hint, and does no network I/O. A source
     * that is configured but broken (locked keyring, damaged file, failing URL) throws its
     * {@link io.github.inatauth.InatAuthException}, which stops the chain.
     *
     * @param context the environment, settings and clock of the {@code InatAuth} that asks
     * @return the fields found, or why there are none
     */
    Result read(ProviderContext context);

    /** {@return whether {@link #save} and {@link #delete} work (keyring and file do; env does not)} */
    default boolean canSave() {
        return false;
    }

    /**
     * Saves the present fields, replacing what was saved before; absent fields are removed.
     *
     * @param context the environment and settings that say where to save
     * @param credentials the fields to save
     * @throws UnsupportedOperationException when {@link #canSave()} is false
     */
    default void save(ProviderContext context, Credentials credentials) {
        throw new UnsupportedOperationException("source '" + id() + "' cannot save credentials");
    }

    /**
     * Removes saved credentials.
     *
     * @param context the environment and settings that say where they are
     * @return whether anything was there
     * @throws UnsupportedOperationException when {@link #canSave()} is false
     */
    default boolean delete(ProviderContext context) {
        throw new UnsupportedOperationException("source '" + id() + "' cannot delete credentials");
    }

    /** What a source gave. */
    sealed interface Result permits Result.Found, Result.NotConfigured {

        /**
         * Some fields (possibly none) and where they were read.
         *
         * @param credentials the fields found
         * @param location where they were read, e.g. {@code "keyring service /inaturalist"}
         */
        record Found(Credentials credentials, String location) implements Result {
        }

        /**
         * Nothing configured.
         *
         * @param hint what to set, e.g. {@code "set INAT_USERNAME, ..."}
         */
        record NotConfigured(String hint) implements Result {
        }
    }
}
