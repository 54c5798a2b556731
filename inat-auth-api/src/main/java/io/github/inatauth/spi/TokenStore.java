package io.github.inatauth.spi;

import io.github.inatauth.Secret;
import java.util.Map;
import java.util.Optional;

/**
 * Where tokens are kept between runs: {@code memory} (shared within the process), {@code file},
 * {@code keyring}, or {@code remote} (a read-only broker). The id {@code none} keeps nothing.
 *
 * <p>The instance {@link java.util.ServiceLoader} creates is a factory: {@link #open} gives the
 * instance that serves one {@code InatAuth}, configured from its context. Methods may be called from
 * many threads at once.
 */
public interface TokenStore extends AutoCloseable {

    /** {@return the short id users select it by in {@code INAT_AUTH_STORE}, e.g. {@code file}} */
    String id();

    /**
     * Returns a store configured for {@code context}. Throws a {@link io.github.inatauth.StoreException}
     * of kind {@code NOT_CONFIGURED} or {@code UNAVAILABLE} (with a hint) when it cannot serve here, and
     * of another kind when it is there but broken.
     *
     * @param context the environment and settings of the {@code InatAuth} it serves
     * @return the store that serves that {@code InatAuth}
     */
    TokenStore open(ProviderContext context);

    /**
     * The token kept for {@code key}, if any (expired ones too: the cache decides).
     *
     * @param key the server, app, user and type
     * @return the token, or empty
     */
    Optional<Token> load(TokenKey key);

    /**
     * Keeps {@code token} for {@code key}, replacing the one before.
     *
     * @param key the server, app, user and type
     * @param token the token
     */
    void save(TokenKey key, Token token);

    /**
     * Forgets the token for {@code key}; nothing happens if there is none.
     *
     * @param key the server, app, user and type
     */
    void delete(TokenKey key);

    /**
     * Forgets the token for {@code key} only while its value is {@code value}, comparing and deleting
     * under the lock its writers take, so that a newer token another process saved meanwhile survives.
     * The default holds {@link #lock} around the comparison, which suits stores whose tokens are saved
     * only under that lock; stores with a writer lock of their own override it.
     *
     * @param key the server, app, user and type
     * @param value the token that is no longer good
     * @return whether it deleted
     */
    default boolean deleteIfValue(TokenKey key, Secret value) {
        Optional<Lock> lock = lock(key);
        try {
            Optional<Token> kept = load(key);
            if (kept.isPresent() && kept.get().value().equals(value)) {
                delete(key);
                return true;
            }
            return false;
        } finally {
            lock.ifPresent(Lock::close);
        }
    }

    /** {@return everything kept, for {@code inat-auth status} and {@code logout}} */
    Map<TokenKey, Token> list();

    /** Forgets every token. */
    default void deleteAll() {
        list().keySet().forEach(this::delete);
    }

    /**
     * A lock that serialises token fetches for {@code key} across processes, for stores shared by
     * several processes. While one process holds it, others block in this call; after acquiring,
     * the cache loads again before fetching, so only the first process asks the server. Stores
     * without such a lock return empty.
     *
     * @param key the server, app, user and type
     * @return the held lock, to close when the fetch is done; empty for stores without one
     */
    default Optional<Lock> lock(TokenKey key) {
        return Optional.empty();
    }

    /**
     * A read-only store is where tokens come from (a broker): the cache never asks the server for a
     * token, it loads from the store again when the one it has is no longer fresh.
     *
     * @return whether this store is read-only
     */
    default boolean isReadOnly() {
        return false;
    }

    /** Releases what {@link #open} acquired. */
    @Override
    default void close() {
    }

    /** A held cross-process lock. */
    interface Lock extends AutoCloseable {
        /** Releases the lock; a second call does nothing. */
        @Override
        void close();
    }
}
