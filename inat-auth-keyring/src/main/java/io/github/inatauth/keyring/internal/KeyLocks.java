package io.github.inatauth.keyring.internal;

import io.github.inatauth.ServerException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cross-process locks for the keyring store, so that processes sharing the keyring ask the server
 * for one grant per key, not one each. The keyring itself has no locks, so these are OS file locks
 * on empty files in a private folder: {@code $XDG_RUNTIME_DIR/inat-auth}, else
 * {@code <java.io.tmpdir>/inat-auth-<user>}. The file name is a hash of the key; a file holds the
 * PID of the process that holds its lock, for the message of a caller that waited in vain. A caller
 * waits at most the call timeout, so a stuck process elsewhere never ties up a caller or a
 * background refresh.
 *
 * <p>An OS file lock belongs to the whole JVM, so a semaphore per file serialises the threads of
 * this process first. When the folder cannot be used safely, there is simply no lock (the SPI's
 * "stores without such a lock return empty").
 */
final class KeyLocks {
    private static final System.Logger LOG = System.getLogger(KeyLocks.class.getName());
    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path folder;
    /** The most a caller waits for the lock: the call timeout. */
    private final Duration maxWait;

    /** The user the lock folder must belong to: the context's {@code user.name}. */
    private final String user;

    KeyLocks(Path folder, String user, Duration maxWait) {
        this.folder = folder;
        this.user = user;
        this.maxWait = maxWait;
    }

    static KeyLocks forContext(ProviderContext context) {
        String user = context.systemProperty("user.name").orElse("user");
        Optional<String> runtime = context.environment("XDG_RUNTIME_DIR");
        if (runtime.isPresent()) {
            return new KeyLocks(Path.of(runtime.get(), "inat-auth"), user, context.callTimeout());
        }
        String temp = context.systemProperty("java.io.tmpdir").orElse(System.getProperty("java.io.tmpdir"));
        return new KeyLocks(Path.of(temp, "inat-auth-" + user.replaceAll("[^A-Za-z0-9._-]", "_")), user, context.callTimeout());
    }

    Path folder() {
        return folder;
    }

    /**
     * Waits at most the call timeout until this process holds the lock for {@code key}; empty when no
     * lock can be had here.
     *
     * @throws ServerException when another thread or process held it that long, naming the file and the holder
     */
    Optional<TokenStore.Lock> lock(TokenKey key) {
        if (!usableFolder()) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        Path file = folder.resolve(hash(key.asString()) + ".lock");
        Semaphore local = IN_PROCESS.computeIfAbsent(file, f -> new Semaphore(1));
        try {
            if (!local.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw timedOut(key, file, ", held by another thread of this process");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException("Interrupted while waiting for the keyring store's lock file " + file, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock fileLock = lockBefore(channel, deadline);
            if (fileLock == null) {
                throw timedOut(key, file, holder(channel));
            }
            writeHolder(channel);
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
        } catch (RuntimeException e) {
            closeQuietly(channel);
            local.release();
            throw e;
        }
    }

    /**
     * The file lock, or null when another process still holds it at {@code deadline}. Polled with
     * short sleeps: a blocking {@code lock()} cannot be given a deadline.
     */
    private static FileLock lockBefore(FileChannel channel, long deadline) throws IOException {
        long sleepMillis = 1;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerException("Interrupted while waiting for the keyring store's lock file", e);
            }
            sleepMillis = Math.min(sleepMillis * 2, 50);
        }
    }

    /** Writes this process's PID in the file, for the message of a process that waits in vain; best effort. */
    private static void writeHolder(FileChannel channel) {
        try {
            channel.truncate(0).write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "writing the holder of a keyring lock file: {0}", e.toString());
        }
    }

    /** ", held by process N" from what the holder wrote in the file, else "". */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer text = ByteBuffer.allocate(20);
            channel.read(text, 0);
            String pid = new String(text.array(), 0, text.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("[0-9]{1,19}") ? ", held by process " + pid : "";
        } catch (IOException e) {
            return "";
        }
    }

    private ServerException timedOut(TokenKey key, Path file, String holder) {
        return new ServerException("No " + key.type() + " token within the call timeout of " + maxWait.toMillis() / 1000.0 + " s"
                + ": waited for the keyring store's lock file " + file + holder + ", which a process or thread fetching "
                + "the same token holds (is an inat-auth process stuck?).", null);
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
