package io.github.inatauth.keyring.internal;

import java.util.List;
import java.util.Optional;

/**
 * One OS keyring, seen as Python's {@code keyring} sees it: text values addressed by a service name
 * and an entry name (keyring's "username"). Implementations throw
 * {@link io.github.inatauth.StoreException}: {@code UNAVAILABLE} when the keyring is not there,
 * {@code LOCKED} when it is locked, {@code IO} when it is there but fails. They are thread-safe.
 */
public interface KeyringBackend extends AutoCloseable {

    /** The value of one entry, or empty when there is none. */
    Optional<String> get(String service, String entry);

    /** The values of several entries of one service; absent ones are missing from the result. */
    default java.util.Map<String, String> getAll(String service, List<String> entries) {
        var values = new java.util.LinkedHashMap<String, String>();
        for (String entry : entries) {
            get(service, entry).ifPresent(value -> values.put(entry, value));
        }
        return values;
    }

    /** Creates or replaces one entry; afterwards exactly one entry has this service and name. */
    void set(String service, String entry, String value);

    /** Removes one entry; returns whether there was one. */
    boolean delete(String service, String entry);

    /** The names of all entries of a service. */
    List<String> entries(String service);

    /**
     * Throws {@code LOCKED} when values could not be written now; used when a store opens, so that
     * a locked keyring is reported before a token is fetched for nothing.
     */
    default void requireUnlocked() {
    }

    /** Where the values live, for messages: e.g. {@code Secret Service collection 'login'}. */
    String describe();

    @Override
    void close();
}
