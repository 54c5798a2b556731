package io.github.inatauth.internal;

import io.github.inatauth.Secret;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Store {@code memory}: tokens shared by every {@code InatAuth} in this process, gone when it exits.
 * Its per-key lock gives single flight across instances, the way the file store's lock does across
 * processes.
 */
final class MemoryStore implements TokenStore {
    static final String ID = "memory";
    /** One store: its tokens are the process's anyway. */
    static final MemoryStore INSTANCE = new MemoryStore();

    private static final Map<TokenKey, Token> TOKENS = new ConcurrentHashMap<>();
    private static final Map<TokenKey, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private MemoryStore() {
    }

    @Override
    public Optional<Token> load(TokenKey key) {
        return Optional.ofNullable(TOKENS.get(key));
    }

    @Override
    public void save(TokenKey key, Token token) {
        TOKENS.put(key, token);
    }

    @Override
    public void delete(TokenKey key) {
        TOKENS.remove(key);
    }

    /** Atomic without the lock: the map removes the very token compared. */
    @Override
    public boolean deleteIfValue(TokenKey key, Secret value) {
        Token kept = TOKENS.get(key);
        return kept != null && kept.value().equals(value) && TOKENS.remove(key, kept);
    }

    @Override
    public Map<TokenKey, Token> list() {
        return Map.copyOf(TOKENS);
    }

    @Override
    public Optional<Lock> lock(TokenKey key) {
        ReentrantLock lock = LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        return Optional.of(lock::unlock);
    }
}
