package io.github.inatauth.filestore.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The store's folder: {@code credentials.enc}, {@code tokens.enc} and {@code lock}. Reads need no
 * lock (a file is replaced by rename, so a reader sees the old or the new one); writes take the
 * writer region of the lock file.
 */
public final class StoreFolder {

    static final String LOCK_FILE = "lock";

    private final Path home;
    private final KeySource keys;
    /**
     * The most a write waits for another writer: half the call timeout. Writes hold the lock for
     * milliseconds, so a longer wait is for a stuck process; the failed save leaves the call half its
     * deadline to serve the token it fetched (from memory; the save is tried again later).
     */
    private final Duration lockWait;
    private volatile LockFile lockFile;

    StoreFolder(StoreConfig config, Duration lockWait) {
        this.home = config.home();
        this.keys = config.keys();
        this.lockWait = lockWait;
    }

    /** The folder configured in {@code context}; {@code NOT_CONFIGURED} without passphrase or key file. */
    public static StoreFolder open(io.github.inatauth.spi.ProviderContext context) {
        return new StoreFolder(StoreConfig.from(context), writerWait(context));
    }

    static Duration writerWait(io.github.inatauth.spi.ProviderContext context) {
        return context.callTimeout().dividedBy(2);
    }

    public Path home() {
        return home;
    }

    StoreFile file(Content content) {
        return new StoreFile(home.resolve(content.fileName), content);
    }

    // ---- credentials ---------------------------------------------------------------------------

    public Optional<Credentials> readCredentials() {
        StoreFile file = file(Content.CREDENTIALS);
        return readPlaintext(file).map(plaintext -> decodeAndErase(plaintext,
                p -> Payloads.decodeCredentials(p, file)));
    }

    public void saveCredentials(Credentials credentials) {
        byte[] plaintext = Payloads.encodeCredentials(credentials);
        try {
            underWriterLock(() -> {
                EncryptedFile.write(file(Content.CREDENTIALS), plaintext, keys);
                return null;
            });
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    public boolean deleteCredentials() {
        return deleteFile(Content.CREDENTIALS);
    }

    // ---- tokens --------------------------------------------------------------------------------

    Map<TokenKey, Token> readTokens() {
        StoreFile file = file(Content.TOKENS);
        return readPlaintext(file).map(plaintext -> decodeAndErase(plaintext, p -> Payloads.decodeTokens(p, file)))
                .orElseGet(LinkedHashMap::new);
    }

    /** Reads the tokens, lets {@code change} modify them, and writes them back, all under the writer lock. */
    void updateTokens(Consumer<Map<TokenKey, Token>> change) {
        underWriterLock(() -> {
            Map<TokenKey, Token> tokens = readTokens();
            change.accept(tokens);
            byte[] plaintext = Payloads.encodeTokens(tokens);
            try {
                EncryptedFile.write(file(Content.TOKENS), plaintext, keys);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
            return null;
        });
    }

    public boolean deleteTokens() {
        return deleteFile(Content.TOKENS);
    }

    // ---- locks ---------------------------------------------------------------------------------

    /**
     * Runs {@code action} holding the writer region, which serialises writers across processes; waits
     * for it at most {@link #lockWait}, then {@code LOCKED}.
     */
    private <T> T underWriterLock(Supplier<T> action) {
        LockFile.Held writer = lockFile().acquire(LockFile.WRITER_REGION, lockWait, "the writer lock");
        try {
            return action.get();
        } finally {
            writer.close();
        }
    }

    /**
     * The cross-process lock for fetching {@code key}'s token (a region chosen by a hash of the key),
     * waited for at most {@code maxWait}; empty when another fetch held it that long.
     */
    Optional<LockFile.Held> lockFetch(TokenKey key, Duration maxWait) {
        return lockFile().acquire(region(key), maxWait);
    }

    /** ", held by process N" for {@code key}'s fetch lock when the system says, else "". */
    String fetchLockHolder(TokenKey key) {
        return lockFile().heldBy(region(key));
    }

    static long region(TokenKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.asString().getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (hash[i] & 0xff);
            }
            return 1 + (bits & 0x3fff_ffff_ffff_ffffL); // never the writer region; far from overflow
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private LockFile lockFile() {
        LockFile lock = lockFile;
        if (lock == null) {
            Permissions.ensureFolder(home);
            try {
                lock = LockFile.at(home.toRealPath().resolve(LOCK_FILE));
            } catch (IOException e) {
                throw new StoreException(Kind.IO, "Cannot open the folder " + home + ": " + e, e);
            }
            lockFile = lock;
        }
        return lock;
    }

    // ---- files ---------------------------------------------------------------------------------

    private Optional<byte[]> readPlaintext(StoreFile file) {
        if (!Files.isDirectory(home)) {
            return Optional.empty();
        }
        Permissions.checkFolder(home);
        return EncryptedFile.read(file, keys);
    }

    private boolean deleteFile(Content content) {
        if (!Files.isDirectory(home)) {
            return false;
        }
        return underWriterLock(() -> EncryptedFile.delete(file(content)));
    }

    private static <T> T decodeAndErase(byte[] plaintext, java.util.function.Function<byte[], T> decode) {
        try {
            return decode.apply(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "StoreFolder[" + home + "]";
    }
}
