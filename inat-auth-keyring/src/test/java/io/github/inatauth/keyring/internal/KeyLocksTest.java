package io.github.inatauth.keyring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.inatauth.ServerException;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The keyring store's cross-process lock: OS file locks, serialising threads and processes per key. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
// "try": a lock is held for the length of its try block, the way it is meant to be used, without
// being referenced inside it
@SuppressWarnings("try")
class KeyLocksTest {

    private static final TokenKey KEY = new TokenKey("https://www.inaturalist.org", "app", "lock-user", TokenType.OAUTH);
    /** Long enough for any machine: these tests wait for a release, never for the deadline. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path temp;

    /** The other process: takes the lock, says so, and on a line from stdin marks the release and releases. */
    public static void main(String[] args) throws Exception {
        KeyLocks locks = new KeyLocks(Path.of(args[0]), USER, WAIT);
        try (TokenStore.Lock lock = locks.lock(TokenKey.parse(args[1])).orElseThrow()) {
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Files.writeString(Path.of(args[2]), "released");
        }
    }

    @Test
    void lock_heldByAnotherProcess_isTakenOnlyAfterThatProcessReleasesIt() throws Exception {
        Path folder = temp.resolve("locks");
        Path marker = temp.resolve("released");
        ChildJvm child = holdInAnotherProcess(folder, marker);
        Process other = child.process();
        try {
            AtomicReference<Boolean> releasedBeforeWeGotIt = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try (TokenStore.Lock lock = new KeyLocks(folder, USER, WAIT).lock(KEY).orElseThrow()) {
                    releasedBeforeWeGotIt.set(Files.exists(marker));
                }
            });
            waiter.start();
            Thread.sleep(300); // let the waiter block on the lock (the check below holds either way)
            try (OutputStream in = other.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            waiter.join(30_000);

            assertThat(releasedBeforeWeGotIt.get()).isTrue();
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    /** The child of {@link #main}, holding the lock of {@code KEY} in {@code folder} until its stdin gets a line. */
    private ChildJvm holdInAnotherProcess(Path folder, Path marker) throws InterruptedException {
        ChildJvm child = ChildJvm.java("-cp", ChildJvm.thisClassPath(Path.of("target", "test-classes").toAbsolutePath()
                .toString()), KeyLocksTest.class.getName(), folder.toString(), KEY.asString(), marker.toString())
                .discardStderr().start();
        assertThat(child.lines().poll(60, TimeUnit.SECONDS)).isEqualTo("locked");
        return child;
    }

    @Test
    void lock_heldByAnotherProcessPastTheCallTimeout_failsNamingTheFileAndTheHolder() throws Exception {
        // issue 13.5: a stuck process must not tie up a caller (or a background refresh) for longer than its deadline
        Path folder = temp.resolve("locks");
        ChildJvm child = holdInAnotherProcess(folder, temp.resolve("released"));
        try {
            KeyLocks locks = new KeyLocks(folder, USER, Duration.ofMillis(300));

            assertThatThrownBy(() -> locks.lock(KEY))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("call timeout of 0.3 s")
                    .hasMessageContaining(folder.toString())
                    .hasMessageContaining("held by process " + child.process().pid());
            // the failed wait left nothing held in this process: another thread of it is not blocked by it
            assertThatThrownBy(() -> locks.lock(KEY)).isInstanceOf(ServerException.class);
        } finally {
            child.process().destroyForcibly();
            child.process().waitFor(30, TimeUnit.SECONDS);
        }
        // once the holder is gone the lock is free again
        try (TokenStore.Lock lock = new KeyLocks(folder, USER, WAIT).lock(KEY).orElseThrow()) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void lock_heldByAnotherThreadPastTheCallTimeout_fails() throws Exception {
        KeyLocks locks = new KeyLocks(temp.resolve("locks"), USER, Duration.ofMillis(200));
        try (TokenStore.Lock held = locks.lock(KEY).orElseThrow()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread other = new Thread(() -> failure.set(catchThrowable(() -> locks.lock(KEY))));
            other.start();
            other.join(30_000);

            assertThat(failure.get()).isInstanceOf(ServerException.class).hasMessageContaining("another thread of this process");
        }
    }

    @Test
    void lock_twoThreadsOfOneProcess_takeItInTurn() throws Exception {
        KeyLocks locks = new KeyLocks(temp.resolve("locks"), USER, WAIT);
        AtomicBoolean firstHolds = new AtomicBoolean();
        AtomicReference<Boolean> secondSawFirstHolding = new AtomicReference<>();
        Thread second = new Thread(() -> {
            try (TokenStore.Lock lock = locks.lock(KEY).orElseThrow()) {
                secondSawFirstHolding.set(firstHolds.get());
            }
        });
        try (TokenStore.Lock lock = locks.lock(KEY).orElseThrow()) {
            firstHolds.set(true);
            second.start();
            Thread.sleep(200); // let the second thread block (the check below holds either way)
            firstHolds.set(false);
        }
        second.join(30_000);

        assertThat(secondSawFirstHolding.get()).isFalse();
    }

    @Test
    void lock_otherKey_isIndependent() {
        KeyLocks locks = new KeyLocks(temp.resolve("locks"), USER, WAIT);
        try (TokenStore.Lock jwt = locks.lock(KEY.withType(TokenType.JWT)).orElseThrow();
             TokenStore.Lock oauth = locks.lock(KEY).orElseThrow()) {
            assertThat(jwt).isNotSameAs(oauth);
        }
    }

    @Test
    void lock_closedTwice_releasesOnce() {
        KeyLocks locks = new KeyLocks(temp.resolve("locks"), USER, WAIT);
        TokenStore.Lock lock = locks.lock(KEY).orElseThrow();
        lock.close();
        lock.close();

        try (TokenStore.Lock again = locks.lock(KEY).orElseThrow()) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void lock_folderOthersCanWrite_givesNoLock() throws Exception {
        Path shared = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(new KeyLocks(shared, USER, WAIT).lock(KEY)).isEmpty();
    }

    @Test
    void lock_newFolder_isOwnerOnly() throws Exception {
        Path folder = temp.resolve("new");
        try (TokenStore.Lock lock = new KeyLocks(folder, USER, WAIT).lock(KEY).orElseThrow()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        }
    }
}
