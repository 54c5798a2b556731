package io.github.inatauth.filestore;

import io.github.inatauth.Credentials;
import io.github.inatauth.filestore.internal.StoreFolder;
import io.github.inatauth.spi.ProviderContext;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The encrypted file store, for programs that save credentials themselves (the same as source and
 * store {@code file} do through the SPI).
 *
 * <pre>{@code
 * FileStore store = FileStore.open(ProviderContext.system());   // INAT_AUTH_PASSPHRASE or INAT_AUTH_KEY_FILE
 * store.saveCredentials(Credentials.of("user", "password", "app id", "app secret"));
 * }</pre>
 *
 * <p>Failures are {@link io.github.inatauth.StoreException}s; their kind says what went wrong (wrong
 * passphrase, damaged file, newer format, unsafe permissions, I/O).
 */
public final class FileStore {
    /** The id of the file source and store: {@code file}. */
    public static final String ID = "file";

    private final StoreFolder folder;

    private FileStore(StoreFolder folder) {
        this.folder = folder;
    }

    /**
     * The store configured in {@code context}: folder {@code INAT_AUTH_HOME}, key from
     * {@code INAT_AUTH_PASSPHRASE} or {@code INAT_AUTH_KEY_FILE}. Throws a
     * {@link io.github.inatauth.StoreException} of kind {@code NOT_CONFIGURED} when neither is set.
     * Cheap: nothing is read and no key is derived until first use.
     *
     * @param context the environment and settings to read the configuration from
     * @return the store
     */
    public static FileStore open(ProviderContext context) {
        return new FileStore(StoreFolder.open(context));
    }

    /** {@return the store's folder} */
    public Path folder() {
        return folder.home();
    }

    /** {@return the saved credentials, if any} */
    public Optional<Credentials> readCredentials() {
        return folder.readCredentials();
    }

    /**
     * Saves the present fields, replacing what was saved before; absent fields are removed.
     *
     * @param credentials the fields to save
     */
    public void saveCredentials(Credentials credentials) {
        folder.saveCredentials(credentials);
    }

    /** {@return whether there were saved credentials, which are deleted} */
    public boolean deleteCredentials() {
        return folder.deleteCredentials();
    }

    /** {@return whether there was a token file, which is deleted with every cached token in it (even a damaged one)} */
    public boolean deleteTokens() {
        return folder.deleteTokens();
    }

    @Override
    public String toString() {
        return "FileStore[" + folder.home() + "]";
    }
}
