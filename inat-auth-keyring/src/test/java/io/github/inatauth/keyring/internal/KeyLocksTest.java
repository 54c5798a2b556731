package io.github.inatauth.keyring.internal;

import static org.assertj.core.api.Assertions.assertThat;

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

    @TempDir
    Path temp;

    /** The other process: takes the lock, says so, and on a line from stdin marks the release and releases. */
    public static void main(String[] args) throws Exception {
        KeyLocks locks = new KeyLocks(Path.of(args[0]), System.getProperty("user.name"));
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
        ChildJvm child = ChildJvm.java("-cp", ChildJvm.thisClassPath(Path.of("target", "test-classes").toAbsolutePath()
                .toString()), KeyLocksTest.class.getName(), folder.toString(), KEY.asString(), marker.toString())
                .discardStderr().start();
        Process other = child.process();
        try {
            assertThat(child.lines().poll(60, TimeUnit.SECONDS)).isEqualTo("locked");

            AtomicReference<Boolean> releasedBeforeWeGotIt = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try (TokenStore.Lock lock = new KeyLocks(folder, System.getProperty("user.name")).lock(KEY).orElseThrow()) {
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

    @Test
    void lock_twoThreadsOfOneProcess_takeItInTurn() throws Exception {
        KeyLocks locks = new KeyLocks(temp.resolve("locks"), System.getProperty("user.name"));
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
        KeyLocks locks = new KeyLocks(temp.resolve("locks"), System.getProperty("user.name"));
        try (TokenStore.Lock jwt = locks.lock(KEY.withType(TokenType.JWT)).orElseThrow();
             TokenStore.Lock oauth = locks.lock(KEY).orElseThrow()) {
            assertThat(jwt).isNotSameAs(oauth);
        }
    }

    @Test
    void lock_closedTwice_releasesOnce() {
        KeyLocks locks = new KeyLocks(temp.resolve("locks"), System.getProperty("user.name"));
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

        assertThat(new KeyLocks(shared, System.getProperty("user.name")).lock(KEY)).isEmpty();
    }

    @Test
    void lock_newFolder_isOwnerOnly() throws Exception {
        Path folder = temp.resolve("new");
        try (TokenStore.Lock lock = new KeyLocks(folder, System.getProperty("user.name")).lock(KEY).orElseThrow()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        }
    }
}
