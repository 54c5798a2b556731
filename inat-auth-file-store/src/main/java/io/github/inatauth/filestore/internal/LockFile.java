package io.github.inatauth.filestore.internal;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private static final Map<Path, LockFile> OPEN = new ConcurrentHashMap<>();

    private final Path path;
    private final Map<Long, ReentrantLock> threadLocks = new ConcurrentHashMap<>();
    private final Map<Long, FileLock> fileLocks = new ConcurrentHashMap<>();
    private FileChannel channel;

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

    /** Waits until this thread holds {@code region} in this process and across processes. */
    Held acquire(long region) {
        ReentrantLock threadLock = threadLocks.computeIfAbsent(region, r -> new ReentrantLock());
        threadLock.lock();
        if (threadLock.getHoldCount() == 1) {
            try {
                fileLocks.put(region, lockRegion(region));
            } catch (RuntimeException | Error e) {
                threadLock.unlock();
                throw e;
            }
        }
        return new Held() {
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
        };
    }

    private FileLock lockRegion(long region) {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        long sleepMillis = 1;
        while (true) {
            FileLock lock;
            try {
                lock = channel().tryLock(region, 1, false);
            } catch (IOException e) {
                throw new StoreException(Kind.IO, "Cannot lock " + path + ": " + e, e);
            }
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StoreException(Kind.IO, "Another process has held the lock file " + path + " for "
                        + MAX_WAIT.toMinutes() + " minutes; giving up. Is an inat-auth process stuck?");
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
        }
        return channel;
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
