package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.auth;
import static io.github.inatauth.http.TestSupport.envWithDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.InatAuth;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 13.4: {@code close()} releases the threads (and so the connections) of the HTTP client it made. */
class CloseReleasesThreadsTest {

    /** Threads an instance may cause that the process shares (background refreshers, the stale timer). */
    private static final int SHARED_SLACK = 6;

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    @Test
    void close_hundredInstancesUsedAndClosed_threadCountBackNearBaseline() throws InterruptedException {
        useOnce(); // the first instance starts what the process shares (timer, test server workers)
        int baseline = Thread.activeCount();

        for (int i = 0; i < 100; i++) {
            useOnce();
        }

        // Java 17 has no HttpClient.close(): a dropped client's selector thread ends once it is collected;
        // the workers, on the executor close() shut down, end at once. The bound is for a loaded machine.
        long giveUpAt = System.nanoTime() + 30_000_000_000L;
        while (Thread.activeCount() > baseline + SHARED_SLACK && System.nanoTime() < giveUpAt) {
            System.gc();
            Thread.sleep(200);
        }
        assertThat(Thread.activeCount()).as("live threads; HTTP client threads left: %s", httpClientThreads())
                .isLessThanOrEqualTo(baseline + SHARED_SLACK);
    }

    private void useOnce() {
        try (InatAuth auth = auth(kit.server(), envWithDefaults(kit.server())).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
    }

    /** Names of the HTTP client threads still alive, with how many have each. */
    private static Map<String, Long> httpClientThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(t -> t.getName().replaceAll("-\\d+", "-N"))
                .filter(n -> n.startsWith("HttpClient") || n.startsWith("inat-auth-http"))
                .collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
    }
}
