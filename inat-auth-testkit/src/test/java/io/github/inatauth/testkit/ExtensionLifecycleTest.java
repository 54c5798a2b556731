package io.github.inatauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs sample classes through the JUnit launcher to see when the extension starts and closes servers. */
class ExtensionLifecycleTest {
    private static final String LAUNCHED = "inat.testkit.sample";
    static final List<InatTestServer> SEEN = new CopyOnWriteArrayList<>();

    /** Two tests that note the server they ran with. Samples run only when launched from here. */
    interface Sample {
        InatTestServer server();

        @Test
        default void first() {
            SEEN.add(server());
        }

        @Test
        default void second() {
            SEEN.add(server());
        }
    }

    @EnabledIfSystemProperty(named = LAUNCHED, matches = "true")
    static class StaticFieldSample implements Sample {
        @RegisterExtension
        static InatTestServerExtension extension = new InatTestServerExtension();

        @Override
        public InatTestServer server() {
            return extension.server();
        }
    }

    @EnabledIfSystemProperty(named = LAUNCHED, matches = "true")
    static class InstanceFieldSample implements Sample {
        @RegisterExtension
        InatTestServerExtension extension = new InatTestServerExtension();

        @Override
        public InatTestServer server() {
            return extension.server();
        }
    }

    @EnabledIfSystemProperty(named = LAUNCHED, matches = "true")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @ExtendWith(InatTestServerExtension.class)
    static class PerClassConstructorSample implements Sample {
        private final InatTestServer server;

        PerClassConstructorSample(InatTestServer server) {
            this.server = server;
        }

        @Override
        public InatTestServer server() {
            return server;
        }

        @Test
        void third(InatTestServer injected) {
            assertThat(injected).isSameAs(server);
        }
    }

    private static TestExecutionSummary launch(Class<?> sample) {
        SEEN.clear();
        System.setProperty(LAUNCHED, "true");
        try {
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample)).build(), listener);
            return listener.getSummary();
        } finally {
            System.clearProperty(LAUNCHED);
        }
    }

    private static void assertClosed(InatTestServer server) {
        assertThatThrownBy(() -> new TestHttp(server).get("/v1/users/me")).isInstanceOf(IOException.class);
    }

    @Test
    void staticField_oneServerForTheClass_closedAfterAll() {
        TestExecutionSummary summary = launch(StaticFieldSample.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertClosed(SEEN.get(0));
    }

    @Test
    void instanceField_aServerPerTest_eachClosed() {
        TestExecutionSummary summary = launch(InstanceFieldSample.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
        SEEN.forEach(ExtensionLifecycleTest::assertClosed);
    }

    @Test
    void perClassLifecycle_constructorInjection_oneServerClosedAfterAll() {
        TestExecutionSummary summary = launch(PerClassConstructorSample.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertClosed(SEEN.get(0));
    }
}
