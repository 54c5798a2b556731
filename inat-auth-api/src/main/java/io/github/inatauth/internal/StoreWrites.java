package io.github.inatauth.internal;

import io.github.inatauth.Secret;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes new tokens to the store. When the store fails (disk full, read-only folder, keyring locked
 * after open) the token is still served and cached by its slot; the failure is reported once (a
 * WARNING and {@link #problem()}) and the write is tried again later, so a failing store never
 * costs a grant per call.
 */
final class StoreWrites {
    private static final System.Logger LOG = System.getLogger("io.github.inatauth");
    /** How long after a failed store write the next one is tried (a later fetch tries sooner). */
    static final Duration WRITE_RETRY = Duration.ofSeconds(30);

    private final String storeId;
    private final TokenStore store;
    /** Tokens the store refused to keep: served from memory, written again later. */
    private final Map<TokenKey, Token> unsaved = new ConcurrentHashMap<>();
    /** Why the store last failed to keep a token; null while its writes work. */
    private volatile String problem;
    private volatile boolean closed;
    private ScheduledFuture<?> retry; // guarded by unsaved

    StoreWrites(String storeId, TokenStore store) {
        this.storeId = storeId;
        this.store = store;
    }

    /** Keeps {@code token} in the store, or in memory until the store takes it again. */
    void save(TokenKey key, Token token) {
        saveUnsaved();
        try {
            store.save(key, token);
        } catch (RuntimeException e) {
            unsaved.put(key, token);
            failed(e);
        }
    }

    /** The token last written for {@code key}: one the store refused (newer than what it holds), else the store's. */
    Optional<Token> load(TokenKey key) {
        Token refused = unsaved.get(key);
        return refused != null ? Optional.of(refused) : store.load(key);
    }

    /** Compare-and-delete: {@code value} goes from the store and from what waits to be written, a newer token stays. */
    void deleteIfValue(TokenKey key, Secret value) {
        unsaved.computeIfPresent(key, (k, t) -> t.value().equals(value) ? null : t);
        if (!store.isReadOnly()) {
            store.deleteIfValue(key, value);
        }
    }

    /** Why the store could not keep the latest tokens, while that lasts. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    void close() {
        closed = true;
        synchronized (unsaved) {
            if (retry != null) {
                retry.cancel(false);
            }
        }
    }

    /** Writes the tokens the store refused before. */
    private void saveUnsaved() {
        for (Map.Entry<TokenKey, Token> e : unsaved.entrySet()) {
            try {
                store.save(e.getKey(), e.getValue());
                unsaved.remove(e.getKey(), e.getValue());
            } catch (RuntimeException failure) {
                failed(failure);
                return;
            }
        }
        if (unsaved.isEmpty() && problem != null) {
            problem = null;
            LOG.log(System.Logger.Level.INFO, "The token store ''{0}'' keeps tokens again.", storeId);
        }
    }

    private void failed(RuntimeException e) {
        String now = "the token store '" + storeId + "' could not keep a new token (" + e.getMessage()
                + "); it is used from memory and saving is tried again every " + WRITE_RETRY.toSeconds() + " s";
        if (problem == null) {
            LOG.log(System.Logger.Level.WARNING, now.substring(0, 1).toUpperCase(Locale.ROOT) + now.substring(1) + ".");
        }
        problem = now;
        synchronized (unsaved) {
            if (!closed && (retry == null || retry.isDone())) {
                retry = Background.timer().schedule(this::retry, WRITE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void retry() {
        if (!closed && !unsaved.isEmpty()) {
            saveUnsaved(); // a failure schedules the next try
        }
    }
}
