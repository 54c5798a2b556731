package io.github.inatauth.filestore.internal;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's lock file, shared by every thread of this process. Each lock is a one-byte region of
 * the file: region 0 serialises writers, other regions serialise token fetches per key. A region is
 * held by one thread of one process at a time and is reentrant for that thread.
 *
 * <p>Why it is built this way: {@code FileChannel} locks belong to the whole process (a second
 * lock of the same region from another thread throws {@code OverlappingFileLockException}, and
 * closing any channel of the file drops all of them), so one channel per file is kept open for the
 * life of the process and a {@link ReentrantLock} per region orders the threads. The file lock is
 * taken with {@code tryLock} and short sleeps rather than the blocking {@code lock}, because an
 * interrupt during a blocking {@code lock} closes the channel and so drops every thread's locks.
 */
final class LockFile {

    static final long WRITER_REGION = 0;

    private static final Map<Path, LockFile> OPEN = new ConcurrentHashMap<>();
    private static final Path PROC_LOCKS = Path.of("/proc/locks");
    /** The inode in a file key as the JDK prints it on Unix: {@code (dev=fe00,ino=2154516)}. */
    private static final Pattern INODE = Pattern.compile("ino=(\\d+)");

    private final Path path;
    private final Map<Long, ReentrantLock> threadLocks = new ConcurrentHashMap<>();
    private final Map<Long, FileLock> fileLocks = new ConcurrentHashMap<>();
    private FileChannel channel;
    /** The identity (device and inode) of the file {@link #channel} has open. */
    private Object channelFile;

    private LockFile(Path path) {
        this.path = path;
    }

    /** The lock file at {@code path}, which must be absolute and have no symbolic links. */
    static LockFile at(Path path) {
        return OPEN.computeIfAbsent(path, LockFile::new);
    }

    /** A held region; closing it releases one hold. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits at most {@code maxWait} (a share of the call timeout) until this thread holds {@code region}
     * in this process and across processes.
     *
     * @param what what the region guards, for the message: "the writer lock"
     * @throws StoreException {@code LOCKED} when it stayed held, saying by which process where the system tells
     */
    Held acquire(long region, Duration maxWait, String what) {
        return acquire(region, maxWait).orElseThrow(() -> new StoreException(Kind.LOCKED, "Waited " + maxWait.toMillis() / 1000.0 + " s"
                + " for " + what + " of the file store in " + path + heldBy(region)
                + "; giving up. Is an inat-auth process stuck? It is tried again on the next call."));
    }

    /** Like {@link #acquire(long, Duration, String)}; empty when the region stayed held. */
    Optional<Held> acquire(long region, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        ReentrantLock threadLock = threadLocks.computeIfAbsent(region, r -> new ReentrantLock());
        try {
            if (!threadLock.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Kind.IO, "Interrupted while waiting for the lock file " + path, e);
        }
        if (threadLock.getHoldCount() == 1) {
            try {
                FileLock lock = lockRegion(region, deadline);
                if (lock == null) {
                    threadLock.unlock();
                    return Optional.empty();
                }
                fileLocks.put(region, lock);
            } catch (RuntimeException | Error e) {
                threadLock.unlock();
                throw e;
            }
        }
        return Optional.of(new Held() {
            private boolean closed;

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    if (threadLock.getHoldCount() == 1) {
                        release(fileLocks.remove(region));
                    }
                } finally {
                    threadLock.unlock();
                }
            }
        });
    }

    /** The region's file lock, or null when another process still holds it at {@code deadline}. */
    private FileLock lockRegion(long region, long deadline) {
        long sleepMillis = 1;
        while (true) {
            try {
                FileChannel current = channel();
                FileLock lock = current.tryLock(region, 1, false);
                if (lock != null) {
                    if (stillAtPath(current)) {
                        return lock;
                    }
                    lock.release(); // the file was deleted or replaced: lock the one now there
                    forget(current);
                    continue;
                }
            } catch (IOException e) {
                throw new StoreException(Kind.IO, "Cannot lock " + path + ": " + e, e);
            }
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(Kind.IO, "Interrupted while waiting for the lock file " + path, e);
            }
            sleepMillis = Math.min(sleepMillis * 2, 50);
        }
    }

    private synchronized FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), Permissions.attributes(path.getFileSystem(), Permissions.FILE));
            channelFile = fileKey();
        }
        return channel;
    }

    /**
     * Whether the lock file at {@link #path} is still the one {@code current} has open. If someone
     * deleted the folder, a lock on the old file would exclude nobody who opens the new one.
     */
    private synchronized boolean stillAtPath(FileChannel current) throws IOException {
        if (current != channel) {
            return false;
        }
        if (channelFile == null) {
            return true; // this file system gives no file identity: nothing to compare
        }
        try {
            return channelFile.equals(fileKey());
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Opens a new channel next time. The old one is left open, not closed: closing it would drop the
     * locks other threads may still hold through it; they release them as usual.
     */
    private synchronized void forget(FileChannel stale) {
        if (stale == channel) {
            channel = null;
            channelFile = null;
        }
    }

    /**
     * ", held by process N" when the system says which process holds {@code region} (Linux lists every
     * file lock in {@code /proc/locks}: type, pid, device:inode, first byte), else "".
     */
    String heldBy(long region) {
        try {
            Matcher inode = INODE.matcher(String.valueOf(fileKey()));
            if (!inode.find() || !Files.isReadable(PROC_LOCKS)) {
                return "";
            }
            String file = ":" + inode.group(1) + " " + region + " ";
            for (String line : Files.readAllLines(PROC_LOCKS)) {
                String[] f = line.trim().split("\\s+"); // "1:" POSIX ADVISORY WRITE pid maj:min:inode start end
                if (f.length >= 8 && f[1].equals("POSIX") && (f[5] + " " + f[6] + " ").endsWith(file)) {
                    return f[4].equals(String.valueOf(ProcessHandle.current().pid()))
                            ? ", held by this process (another thread)" : ", held by process " + f[4];
                }
            }
        } catch (IOException | RuntimeException e) {
            // who holds it is a courtesy in the message
        }
        return "";
    }

    private Object fileKey() throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    private void release(FileLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            // the channel is gone, and the lock with it
        }
    }
}
