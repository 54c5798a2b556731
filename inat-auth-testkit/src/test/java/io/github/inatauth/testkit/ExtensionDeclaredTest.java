package io.github.inatauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InatTestServerExtension.class)
class ExtensionDeclaredTest {
    private final InatTestServer fromConstructor;

    ExtensionDeclaredTest(InatTestServer server) {
        this.fromConstructor = server;
    }

    @Test
    void declared_methodParameter_runningServerSameAsConstructorOne(InatTestServer server) throws Exception {
        assertThat(server).isSameAs(fromConstructor);
        assertThat(new TestHttp(server).defaultAccessToken()).isNotEmpty();
        assertThat(server.grantCount()).isEqualTo(1);
    }

    @Test
    void declared_otherTest_countsReset(InatTestServer server) {
        assertThat(server.grantCount()).isZero();
    }

    @Nested
    class Inner {
        @Test
        void nested_sameServerStillRunning(InatTestServer server) throws Exception {
            assertThat(server).isSameAs(fromConstructor);
            assertThat(new TestHttp(server).defaultAccessToken()).isNotEmpty();
        }
    }
}
