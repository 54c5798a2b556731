package io.github.inatauth.keyring.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.StoreException;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Credentials where pyinaturalist's {@code get_keyring_credentials} and
 * {@code set_keyring_credentials} keep them: service {@value #SERVICE}, one entry per field named
 * {@code username}, {@code password}, {@code app_id}, {@code app_secret}.
 *
 * <p>No keyring on this machine (no D-Bus session, no Secret Service, no java-keyring) means "not
 * configured", and the chain goes on; a keyring that is there but locked or failing stops the chain
 * with its {@link StoreException}.
 */
public final class KeyringCredentialSource implements CredentialSource {

    /** pyinaturalist's keyring service. */
    public static final String SERVICE = "/inaturalist";
    private static final System.Logger LOG = System.getLogger(KeyringCredentialSource.class.getName());

    private final Function<ProviderContext, KeyringBackend> opener;

    /** For ServiceLoader: the keyring of this OS. */
    public KeyringCredentialSource() {
        this(Backends::open);
    }

    KeyringCredentialSource(Function<ProviderContext, KeyringBackend> opener) {
        this.opener = Objects.requireNonNull(opener);
    }

    @Override
    public String id() {
        return "keyring";
    }

    @Override
    public Result read(ProviderContext context) {
        KeyringBackend backend;
        try {
            backend = opener.apply(context);
        } catch (StoreException e) {
            if (e.isAbsent()) {
                LOG.log(System.Logger.Level.DEBUG, "keyring source not configured: {0}", e.getMessage());
                return new Result.NotConfigured(e.getMessage());
            }
            throw e;
        }
        try (backend) {
            Credentials found = read(backend);
            if (found.isEmpty()) {
                return new Result.NotConfigured("no entries username, password, app_id, app_secret under service "
                        + SERVICE + " in the " + backend.describe() + "; save them with `inat-auth login --store "
                        + "keyring` or pyinaturalist's set_keyring_credentials()");
            }
            return new Result.Found(found, "keyring service " + SERVICE + " (" + backend.describe() + ")");
        }
    }

    @Override
    public boolean canSave() {
        return true;
    }

    @Override
    public void save(ProviderContext context, Credentials credentials) {
        try (KeyringBackend backend = opener.apply(context)) {
            write(backend, credentials);
        }
    }

    @Override
    public boolean delete(ProviderContext context) {
        try (KeyringBackend backend = opener.apply(context)) {
            return remove(backend);
        }
    }

    /** The fields saved in {@code backend}; absent ones are null. */
    public static Credentials read(KeyringBackend backend) {
        List<String> keys = new ArrayList<>();
        for (Field field : Field.values()) {
            keys.add(field.key());
        }
        Map<String, String> values = backend.getAll(SERVICE, keys);
        return Credentials.of(values.get(Field.USERNAME.key()), values.get(Field.PASSWORD.key()),
                values.get(Field.APP_ID.key()), values.get(Field.APP_SECRET.key()));
    }

    /** Saves the present fields and removes the absent ones. */
    public static void write(KeyringBackend backend, Credentials credentials) {
        for (Field field : Field.values()) {
            if (credentials.has(field)) {
                backend.set(SERVICE, field.key(), credentials.value(field));
            } else {
                backend.delete(SERVICE, field.key());
            }
        }
    }

    /** Removes the four entries; returns whether any was there. */
    public static boolean remove(KeyringBackend backend) {
        boolean any = false;
        for (Field field : Field.values()) {
            any |= backend.delete(SERVICE, field.key());
        }
        return any;
    }

    @Override
    public String toString() {
        return "KeyringCredentialSource[service=" + SERVICE + "]";
    }
}
