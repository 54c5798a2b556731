package io.github.inatauth.filestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.Secret;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM that writes the token file in a loop is killed with SIGKILL at a random moment, many
 * times; after each kill the file must decrypt to the last generation the child reported written or
 * to the one it was writing, never to anything else and never fail.
 */
class CrashSafetyTest {

    static final long SEED = 0xc4a5_4L;
    static final int MAX_ROUNDS = 40;
    // The budget only caps a loaded machine; an idle one stops at MAX_ROUNDS long before it.
    static final Duration BUDGET = Duration.ofMinutes(3);
    /**
     * A big file makes each write long enough (several syscalls) to be killed in the middle of: the
     * token beside {@value #BALLAST_ENTRIES} others of the longest size a token may have, 256 KiB in all.
     */
    static final int BALLAST_ENTRIES = 64;
    static final int TOKEN_SIZE = 4000;

    @TempDir
    Path temp;

    static Token tokenOf(int generation) {
        String value = "gen-" + generation + "-" + "x".repeat(TOKEN_SIZE);
        return new Token(Secret.of(value), Instant.EPOCH.plusSeconds(generation), null);
    }

    /** The generation the store holds, checking that the token is exactly what that generation wrote. */
    static int generation(TokenStore store) {
        Token token = store.load(TestStores.JWT_KEY).orElseThrow(() -> new AssertionError("no token in the file"));
        String value = token.value().reveal();
        int generation = Integer.parseInt(value.substring(4, value.indexOf('-', 4)));
        if (!token.equals(tokenOf(generation))) {
            throw new AssertionError("the token of generation " + generation + " is not what was written");
        }
        return generation;
    }

    private static boolean temporaryFileLeft(Path home) throws IOException {
        try (var files = Files.list(home)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    @Test
    void save_killedAtRandomMoments_fileAlwaysHoldsTheOldOrTheNewContent() throws Exception {
        Path home = temp.resolve("store");
        Path keyFile = TestStores.newKeyFile(temp, 5);
        TokenStore store = TestStores.open(TestStores.keyFileContext(home, keyFile));
        for (int i = 0; i < BALLAST_ENTRIES; i++) {
            store.save(new io.github.inatauth.spi.TokenKey("https://www.inaturalist.org", "app", "ballast-" + i,
                    io.github.inatauth.TokenType.JWT), new Token(Secret.of("b".repeat(4096)), Instant.EPOCH, null));
        }
        store.save(TestStores.JWT_KEY, tokenOf(0));
        Random random = new Random(SEED);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int rounds = 0;
        int killedAfterRename = 0;
        int killedMidWrite = 0;
        // Slow child JVMs on a loaded machine shift the kills: go on until a kill has hit a write in progress.
        while (System.nanoTime() < deadline && (rounds < MAX_ROUNDS || killedMidWrite == 0)) {
            int before = generation(store);
            int lastWritten;
            try (ChildJvm child = ChildJvm.java("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                    ChildJvm.thisClassPath(), CrashWriter.class.getName(), home.toString(), keyFile.toString())
                    .stderrTo(temp.resolve("stderr-" + rounds)).start()) {
                String first = child.lines().poll(30, TimeUnit.SECONDS);
                assertThat(first).as("child stderr: %s", child.stderr()).isEqualTo("ready " + before);
                Thread.sleep(random.nextInt(120));
                child.process().destroyForcibly();
                child.process().waitFor();
                child.awaitEndOfOutput();
                if (temporaryFileLeft(home)) {
                    killedMidWrite++; // the next write removes it
                }
                lastWritten = before;
                for (String line : child.lines()) {
                    if (line.startsWith("wrote ")) {
                        lastWritten = Integer.parseInt(line.substring(6));
                    }
                }
            }
            int after = generation(store);
            assertThat(after).as("round %d: last reported %d", rounds, lastWritten).isIn(lastWritten, lastWritten + 1);
            if (after == lastWritten + 1) {
                killedAfterRename++; // killed after the rename, before it reported
            }
            rounds++;
        }
        System.out.printf("crash safety: %d kills, %d with a temporary file left (mid-write), %d after the rename and "
                + "before the report; %d generations written%n", rounds, killedMidWrite, killedAfterRename, generation(store));
        assertThat(rounds).isGreaterThanOrEqualTo(10);
        assertThat(generation(store)).as("the children completed writes").isPositive();
        assertThat(killedMidWrite).as("kills that hit a write in progress").isPositive();
    }
}
