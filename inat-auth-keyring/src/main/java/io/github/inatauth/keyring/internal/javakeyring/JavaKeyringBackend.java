package io.github.inatauth.keyring.internal.javakeyring;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import io.github.inatauth.keyring.internal.KeyringBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The macOS Keychain or the Windows Credential Manager through java-keyring. Neither can list the
 * entries of a service, so this adapter keeps their names in one more entry of that service
 * ({@value #INDEX_ENTRY}); pyinaturalist's four credential entries never need it.
 *
 * <p>Only loaded on macOS and Windows: java-keyring is an optional dependency ({@code requires static}),
 * and its Linux backend is left out of the build.
 */
public final class JavaKeyringBackend implements KeyringBackend {

    /** The entry holding the names of the other entries of a service, one per line. */
    static final String INDEX_ENTRY = ".inat-auth-entries";

    private final Keyring keyring;
    private final String description;
    private final Object indexLock = new Object();

    JavaKeyringBackend(Keyring keyring, String description) {
        this.keyring = keyring;
        this.description = description;
    }

    /** The keyring of this OS ({@code os.name}); {@code UNAVAILABLE} when java-keyring cannot serve. */
    public static JavaKeyringBackend open(String osName) {
        boolean mac = osName.toLowerCase(java.util.Locale.ROOT).startsWith("mac");
        KeyringStorageType type = mac ? KeyringStorageType.OSX_KEYCHAIN : KeyringStorageType.WINDOWS_CREDENTIAL_STORE;
        String description = mac ? "macOS Keychain" : "Windows Credential Manager";
        try {
            return new JavaKeyringBackend(Keyring.create(type), description);
        } catch (BackendNotSupportedException | RuntimeException | LinkageError e) {
            throw new StoreException(Kind.UNAVAILABLE, "the " + description + " cannot be used ("
                    + e.getClass().getSimpleName() + "); choose another source or store", e);
        }
    }

    @Override
    public Optional<String> get(String service, String entry) {
        try {
            return Optional.ofNullable(keyring.getPassword(service, entry));
        } catch (PasswordAccessException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("read", e);
        }
    }

    @Override
    public void set(String service, String entry, String value) {
        try {
            keyring.setPassword(service, entry, value);
        } catch (PasswordAccessException e) {
            throw failure("save to", e);
        }
        if (!entry.equals(INDEX_ENTRY)) {
            updateIndex(service, entry, true);
        }
    }

    @Override
    public boolean delete(String service, String entry) {
        boolean existed = get(service, entry).isPresent();
        if (existed) {
            try {
                keyring.deletePassword(service, entry);
            } catch (PasswordAccessException e) {
                if (!isNotFound(e)) {
                    throw failure("delete from", e);
                }
            }
        }
        if (!entry.equals(INDEX_ENTRY)) {
            updateIndex(service, entry, false);
        }
        return existed;
    }

    @Override
    public List<String> entries(String service) {
        List<String> names = new ArrayList<>();
        for (String name : index(service)) {
            if (get(service, name).isPresent()) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            keyring.close();
        } catch (Exception e) {
            System.getLogger(JavaKeyringBackend.class.getName()).log(System.Logger.Level.DEBUG, "closing java-keyring", e);
        }
    }

    private List<String> index(String service) {
        return get(service, INDEX_ENTRY)
                .map(text -> Arrays.stream(text.split("\n")).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private void updateIndex(String service, String entry, boolean present) {
        synchronized (indexLock) {
            List<String> names = new ArrayList<>(index(service));
            boolean changed = present ? !names.contains(entry) && names.add(entry) : names.remove(entry);
            if (!changed) {
                return;
            }
            if (names.isEmpty()) {
                delete(service, INDEX_ENTRY);
            } else {
                set(service, INDEX_ENTRY, String.join("\n", names));
            }
        }
    }

    /**
     * java-keyring reports a missing entry as an error; its text tells it apart: the Keychain says
     * "No stored credentials", the Credential Manager gives error 1168 (ERROR_NOT_FOUND).
     */
    static boolean isNotFound(PasswordAccessException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No stored credentials") || message.contains("No password to delete")
                || message.contains("Error code 1168") || message.contains("Password not Found");
    }

    private StoreException failure(String action, PasswordAccessException e) {
        return new StoreException(Kind.IO, "cannot " + action + " the " + description + " (" + e.getMessage() + ")", e);
    }

    @Override
    public String toString() {
        return "JavaKeyringBackend[" + description + "]";
    }
}
