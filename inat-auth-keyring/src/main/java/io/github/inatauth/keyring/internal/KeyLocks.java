package io.github.inatauth.keyring.internal;

import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cross-process locks for the keyring store, so that processes sharing the keyring ask the server
 * for one grant per key, not one each. The keyring itself has no locks, so these are OS file locks
 * on empty files in a private folder: {@code $XDG_RUNTIME_DIR/inat-auth}, else
 * {@code <java.io.tmpdir>/inat-auth-<user>}. The file name is a hash of the key; the files hold
 * nothing.
 *
 * <p>An OS file lock belongs to the whole JVM, so a semaphore per file serialises the threads of
 * this process first. When the folder cannot be used safely, there is simply no lock (the SPI's
 * "stores without such a lock return empty").
 */
final class KeyLocks {
    private static final System.Logger LOG = System.getLogger(KeyLocks.class.getName());
    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path folder;

    /** The user the lock folder must belong to: the context's {@code user.name}. */
    private final String user;

    KeyLocks(Path folder, String user) {
        this.folder = folder;
        this.user = user;
    }

    static KeyLocks forContext(ProviderContext context) {
        String user = context.systemProperty("user.name").orElse("user");
        Optional<String> runtime = context.environment("XDG_RUNTIME_DIR");
        if (runtime.isPresent()) {
            return new KeyLocks(Path.of(runtime.get(), "inat-auth"), user);
        }
        String temp = context.systemProperty("java.io.tmpdir").orElse(System.getProperty("java.io.tmpdir"));
        return new KeyLocks(Path.of(temp, "inat-auth-" + user.replaceAll("[^A-Za-z0-9._-]", "_")), user);
    }

    Path folder() {
        return folder;
    }

    /** Blocks until this process holds the lock for {@code key}; empty when no lock can be had here. */
    Optional<TokenStore.Lock> lock(TokenKey key) {
        if (!usableFolder()) {
            return Optional.empty();
        }
        Path file = folder.resolve(hash(key.asString()) + ".lock");
        Semaphore local = IN_PROCESS.computeIfAbsent(file, f -> new Semaphore(1));
        local.acquireUninterruptibly();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.lock();
            FileChannel held = channel;
            AtomicBoolean open = new AtomicBoolean(true);
            return Optional.of(() -> {
                if (open.compareAndSet(true, false)) {
                    try {
                        fileLock.release();
                        held.close();
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.DEBUG, "releasing a keyring lock file", e);
                    } finally {
                        local.release();
                    }
                }
            });
        } catch (IOException e) {
            closeQuietly(channel);
            local.release();
            LOG.log(System.Logger.Level.DEBUG, "no cross-process lock for the keyring store: {0}", e.toString());
            return Optional.empty();
        }
    }

    /** Creates the folder owner-only, and refuses one that others could write to. */
    private boolean usableFolder() {
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(folder)) {
                if (posix) {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(folder);
                }
            }
            if (posix) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
                String owner = Files.getOwner(folder).getName();
                if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                        || !owner.equals(user)) {
                    LOG.log(System.Logger.Level.DEBUG, "not locking in {0}: owned by {1} or writable by others", folder, owner);
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, "no folder for keyring lock files: {0}", e.toString());
            return false;
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a keyring lock file", e);
            }
        }
    }
}
