package io.github.inatauth.filestore.internal;

import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Store {@code file}: tokens in {@code tokens.enc}, shared by every process that uses the same
 * folder and key. {@link #lock} makes token fetches single-flight across those processes.
 */
final class FileTokenStore implements TokenStore {
    public static final String ID = "file";

    /** Expired tokens older than this are dropped when the file is written, so it does not grow for ever. */
    static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    private final StoreFolder folder;
    private final Clock clock;
    private final Duration callTimeout;

    private FileTokenStore(StoreFolder folder, Clock clock, Duration callTimeout) {
        this.folder = folder;
        this.clock = clock;
        this.callTimeout = callTimeout;
    }

    /** The store {@code context} configures. Cheap: reads the configuration only; the key is made on first use. */
    public static FileTokenStore open(ProviderContext context) {
        return new FileTokenStore(StoreFolder.open(context), context.clock(), context.callTimeout());
    }

    @Override
    public Optional<Token> load(TokenKey key) {
        return Optional.ofNullable(folder.readTokens().get(key));
    }

    @Override
    public void save(TokenKey key, Token token) {
        Instant cutoff = clock.instant().minus(KEEP_EXPIRED);
        folder.updateTokens(tokens -> {
            tokens.values().removeIf(t -> t.expiresAt() != null && t.expiresAt().isBefore(cutoff));
            tokens.put(key, token);
        });
    }

    @Override
    public void delete(TokenKey key) {
        StoreFolder f = folder;
        if (f.readTokens().containsKey(key)) {
            f.updateTokens(tokens -> tokens.remove(key));
        }
    }

    /** Compares inside the writer lock every save takes, so a token saved by another process is never lost. */
    @Override
    public boolean deleteIfValue(TokenKey key, Secret value) {
        Token seen = folder.readTokens().get(key);
        if (seen == null || !seen.value().equals(value)) {
            return false; // the usual case after another process refreshed: no write at all
        }
        boolean[] deleted = {false};
        folder.updateTokens(tokens -> {
            Token kept = tokens.get(key);
            if (kept != null && kept.value().equals(value)) {
                tokens.remove(key);
                deleted[0] = true;
            }
        });
        return deleted[0];
    }

    @Override
    public Map<TokenKey, Token> list() {
        return Map.copyOf(folder.readTokens());
    }

    /** Deletes the whole token file, even one that cannot be read. */
    @Override
    public void deleteAll() {
        folder.deleteTokens();
    }

    /** Waits at most the call timeout, so a stuck process elsewhere never ties up a caller or a background refresh. */
    @Override
    public Optional<Lock> lock(TokenKey key) {
        LockFile.Held held = folder.lockFetch(key, callTimeout).orElseThrow(() -> new ServerException(
                "No " + key.type() + " token within the call timeout of " + callTimeout.toMillis() / 1000.0 + " s" + ": waited for "
                + "the token lock in " + folder.home() + ", which another process or thread fetching the same "
                + "token holds" + folder.fetchLockHolder(key) + " (is an inat-auth process stuck?).", null));
        return Optional.of(held::close);
    }

    @Override
    public String toString() {
        return "FileTokenStore[" + folder.home() + "]";
    }
}
