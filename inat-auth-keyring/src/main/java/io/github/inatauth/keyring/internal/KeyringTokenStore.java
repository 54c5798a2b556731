package io.github.inatauth.keyring.internal;

import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tokens in the OS keyring, under service {@value #SERVICE}, one entry per cache key named by
 * {@link TokenKey#asString()}. Each entry holds the token and its times (see {@link TokenCodec}).
 *
 * <p>{@link KeyringTokenStoreProvider} opens it: {@link #open} connects to the keyring and the
 * store keeps that connection until {@link #close}. The keyring has no locks of its
 * own; {@link #lock} uses OS file locks (see {@link KeyLocks}).
 */
public final class KeyringTokenStore implements TokenStore {

    /** Our own service, beside pyinaturalist's {@code /inaturalist}. */
    public static final String SERVICE = "/inaturalist/inat-auth";
    private static final System.Logger LOG = System.getLogger(KeyringTokenStore.class.getName());

    private final KeyringBackend backend;
    private final KeyLocks locks;

    private KeyringTokenStore(KeyringBackend backend, KeyLocks locks) {
        this.backend = Objects.requireNonNull(backend);
        this.locks = Objects.requireNonNull(locks);
    }

    /**
     * Connects to the keyring {@code opener} gives for {@code context}; {@code UNAVAILABLE} when there
     * is none, {@code LOCKED} when it is locked.
     */
    static KeyringTokenStore open(ProviderContext context, Function<ProviderContext, KeyringBackend> opener) {
        KeyringBackend opened = opener.apply(context);
        try {
            opened.requireUnlocked();
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return new KeyringTokenStore(opened, KeyLocks.forContext(context));
    }

    @Override
    public Optional<Token> load(TokenKey key) {
        return backend.get(SERVICE, key.asString()).flatMap(text -> {
            Optional<Token> token = TokenCodec.decode(text);
            if (token.isEmpty()) {
                // a damaged entry is as good as none: the cache fetches a token and saves over it
                LOG.log(System.Logger.Level.WARNING, "ignoring an unreadable token entry in the OS keyring ({0})",
                        backend.describe());
            }
            return token;
        });
    }

    @Override
    public void save(TokenKey key, Token token) {
        backend.set(SERVICE, key.asString(), TokenCodec.encode(token));
    }

    @Override
    public void delete(TokenKey key) {
        backend.delete(SERVICE, key.asString());
    }

    @Override
    public Map<TokenKey, Token> list() {
        Map<TokenKey, Token> tokens = new LinkedHashMap<>();
        for (String entry : backend.entries(SERVICE)) {
            TokenKey key;
            try {
                key = TokenKey.parse(entry);
            } catch (IllegalArgumentException e) {
                continue; // not one of ours
            }
            load(key).ifPresent(token -> tokens.put(key, token));
        }
        return tokens;
    }

    @Override
    public void deleteAll() {
        for (String entry : backend.entries(SERVICE)) {
            backend.delete(SERVICE, entry);
        }
    }

    /**
     * A lock shared by every process of this user on this machine (an OS file lock), so that
     * processes sharing the keyring fetch one token per key between them.
     */
    @Override
    public Optional<Lock> lock(TokenKey key) {
        return locks.lock(key);
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "KeyringTokenStore[" + backend.describe() + "]";
    }
}
