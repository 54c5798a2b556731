package io.github.inatauth.filestore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.InatAuth;
import io.github.inatauth.StoreException;
import io.github.inatauth.testkit.ChildJvm;
import io.github.inatauth.testkit.CountingIssuer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13.5 for the file store's writer lock: a process that holds it and never lets go (stuck, or
 * stopped in a debugger) costs a writer at most its call timeout, then a {@code LOCKED} error naming the
 * lock file and the holder; a writer inside a call waits half its call timeout, so the token it fetched
 * is still served within the deadline, and the write is tried later.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WriterLockDeadlineTest {

    @TempDir
    Path temp;
    private Map<String, String> env;
    private ChildJvm holder;

    /** The other process: holds the writer lock of the folder's lock file until a line arrives on stdin. */
    @SuppressWarnings("try") // held for the length of the block, never referenced in it
    public static void main(String[] args) throws IOException {
        Path lock = Path.of(args[0]).toRealPath().resolve(StoreFolder.LOCK_FILE);
        try (LockFile.Held held = LockFile.at(lock).acquire(LockFile.WRITER_REGION, Duration.ofSeconds(30), "the writer lock")) {
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }

    @BeforeEach
    void holdTheWriterLockInAnotherProcess() throws Exception {
        Path home = temp.resolve("home"); // made owner-only by the store's first write below
        env = new HashMap<>(Map.of("INAT_USERNAME", "alice", "INAT_PASSWORD", "pw", "INAT_APP_ID", "app",
                "INAT_APP_SECRET", "secret", "INAT_AUTH_HOME", home.toString(),
                "INAT_AUTH_KEY_FILE", TestStores.newKeyFile(temp, 5).toString()));
        TestStores.open(TestStores.context(env, Map.of())).save(TestStores.OAUTH_KEY,
                TestStores.token("kept-before", Instant.now(), Instant.now().plus(Duration.ofHours(1))));
        holder = ChildJvm.java("-cp", ChildJvm.thisClassPath(), WriterLockDeadlineTest.class.getName(), home.toString())
                .discardStderr().start();
        assertThat(holder.lines().poll(60, TimeUnit.SECONDS)).isEqualTo("locked");
    }

    @AfterEach
    void release() throws Exception {
        if (holder == null) {
            return;
        }
        try (OutputStream in = holder.process().getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // already gone
        }
        holder.process().waitFor(30, TimeUnit.SECONDS);
        holder.close();
    }

    @Test
    void save_writerLockHeldByAnotherProcess_failsAfterTheCallTimeoutNamingFileAndHolder() {
        StoreFolder folder = new StoreFolder(StoreConfig.from(TestStores.context(env, Map.of())), Duration.ofMillis(300));
        Path lockFile = folder.home().resolve(StoreFolder.LOCK_FILE);

        assertThatThrownBy(() -> folder.updateTokens(tokens -> tokens.clear()))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.LOCKED))
                .hasMessageContaining("0.3 s").hasMessageContaining("the writer lock")
                .hasMessageContaining(lockFile.getFileName().toString())
                .hasMessageContaining("held by process " + holder.process().pid());
    }

    @Test
    void accessToken_writerLockHeldElsewhere_tokenServedWithinTheDeadline_problemReported() {
        CountingIssuer issuer = new CountingIssuer();
        Map<String, String> props = Map.of("user.home", System.getProperty("user.home"));
        try (InatAuth auth = InatAuth.builder().environment(env::get).systemProperties(props::get)
                .issuer(issuer.provider()).callTimeout(Duration.ofSeconds(4)).build()) {
            // the writer waits half of it (2 s) for the lock, then the token fetched is served from memory
            String jwt = auth.accessToken();

            assertThat(jwt).startsWith("eyJ");
            assertThat(auth.accessToken()).isEqualTo(jwt);
            assertThat(issuer.exchanges).hasValue(1);
            assertThat(auth.storeProblem()).hasValueSatisfying(p -> assertThat(p).contains("'file'")
                    .contains("the writer lock").contains("held by process " + holder.process().pid()));
        }
    }
}
