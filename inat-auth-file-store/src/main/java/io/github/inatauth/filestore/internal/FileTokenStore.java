package io.github.inatauth.filestore.internal;

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
public final class FileTokenStore implements TokenStore {
    public static final String ID = "file";

    /** Expired tokens older than this are dropped when the file is written, so it does not grow for ever. */
    static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    private final StoreFolder folder;
    private final Clock clock;

    private FileTokenStore(StoreFolder folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    /** The store {@code context} configures. Cheap: reads the configuration only; the key is made on first use. */
    public static FileTokenStore open(ProviderContext context) {
        return new FileTokenStore(StoreFolder.open(context), context.clock());
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

    @Override
    public Map<TokenKey, Token> list() {
        return Map.copyOf(folder.readTokens());
    }

    /** Deletes the whole token file, even one that cannot be read. */
    @Override
    public void deleteAll() {
        folder.deleteTokens();
    }

    @Override
    public Optional<Lock> lock(TokenKey key) {
        LockFile.Held held = folder.lockFetch(key);
        return Optional.of(held::close);
    }

    @Override
    public String toString() {
        return "FileTokenStore[" + folder.home() + "]";
    }
}
