package io.github.inatauth.keyring;

import io.github.inatauth.Credentials;
import io.github.inatauth.StoreException;
import io.github.inatauth.keyring.internal.Backends;
import io.github.inatauth.keyring.internal.KeyringBackend;
import io.github.inatauth.keyring.internal.KeyringCredentialSource;
import io.github.inatauth.spi.ProviderContext;

/**
 * The credentials saved in the OS keyring, shared with pyinaturalist: the Java form of its
 * {@code get_keyring_credentials()} and {@code set_keyring_credentials(username, password, app_id,
 * app_secret)}. Entries live under service {@value #SERVICE}, one per field, named {@code username},
 * {@code password}, {@code app_id} and {@code app_secret}.
 *
 * <p>Every method throws a {@link StoreException}: kind {@code UNAVAILABLE} when this machine has no
 * usable keyring (no D-Bus session or Secret Service on Linux), {@code LOCKED} when it is locked,
 * {@code IO} when it fails. None of them ever shows an unlock prompt.
 */
public final class Keyring {

    /** pyinaturalist's keyring service. */
    public static final String SERVICE = KeyringCredentialSource.SERVICE;

    private Keyring() {
    }

    /** {@return the saved fields; absent ones are null, and all are when nothing was saved} */
    public static Credentials load() {
        return load(ProviderContext.system());
    }

    /**
     * {@link #load()} with the environment and settings of {@code context}.
     *
     * @param context the environment and settings (such as the keyring collection) to use
     * @return the saved fields; absent ones are null, and all are when nothing was saved
     */
    public static Credentials load(ProviderContext context) {
        try (KeyringBackend backend = Backends.open(context)) {
            return KeyringCredentialSource.read(backend);
        }
    }

    /**
     * Saves the present fields, replacing earlier values; removes the entries of absent fields.
     *
     * @param credentials the fields to save
     */
    public static void save(Credentials credentials) {
        save(ProviderContext.system(), credentials);
    }

    /**
     * {@link #save(Credentials)} with the environment and settings of {@code context}.
     *
     * @param context the environment and settings (such as the keyring collection) to use
     * @param credentials the fields to save
     */
    public static void save(ProviderContext context, Credentials credentials) {
        try (KeyringBackend backend = Backends.open(context)) {
            KeyringCredentialSource.write(backend, credentials);
        }
    }

    /** {@return whether any of the four entries was there; they are removed} */
    public static boolean delete() {
        return delete(ProviderContext.system());
    }

    /**
     * {@link #delete()} with the environment and settings of {@code context}.
     *
     * @param context the environment and settings (such as the keyring collection) to use
     * @return whether any of the four entries was there
     */
    public static boolean delete(ProviderContext context) {
        try (KeyringBackend backend = Backends.open(context)) {
            return KeyringCredentialSource.remove(backend);
        }
    }
}
