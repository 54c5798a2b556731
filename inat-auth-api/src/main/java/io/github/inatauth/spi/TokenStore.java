package io.github.inatauth.spi;

import io.github.inatauth.Secret;
import java.util.Map;
import java.util.Optional;

/**
 * Where tokens are kept between runs: {@code memory} (shared within the process), {@code file},
 * {@code keyring}, or {@code remote} (a read-only broker). The id {@code none} keeps nothing.
 *
 * <p>A {@link TokenStoreProvider} opens the store for one {@code InatAuth}, configured from its
 * context; the store serves that instance until {@link #close}. Methods may be called from many
 * threads at once.
 */
public interface TokenStore extends AutoCloseable {

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

    /** Releases what the provider's {@code open} acquired (a keyring connection, for one). */
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
