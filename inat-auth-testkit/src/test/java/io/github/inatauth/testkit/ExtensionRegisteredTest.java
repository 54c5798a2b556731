package io.github.inatauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.InatTestServer.Endpoint;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionRegisteredTest {

    @RegisterExtension
    static InatTestServerExtension server = new InatTestServerExtension();

    private static java.net.URI firstBaseUrl;

    @Test
    @Order(1)
    void registered_serverRunningWithDelegates() throws Exception {
        firstBaseUrl = server.baseUrl();
        assertThat(server.apiUrl().toString()).isEqualTo(server.baseUrl() + "/v1");
        assertThat(server.defaultCredentials().isComplete()).isTrue();
        new TestHttp(server.server()).defaultAccessToken();
        server.server().failAlways(Endpoint.TOKEN, Fault.status(500));
        assertThat(server.server().grantCount()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void registered_sameServerResetBeforeEachTest() throws Exception {
        assertThat(server.baseUrl()).isEqualTo(firstBaseUrl);
        assertThat(server.server().grantCount()).isZero();
        assertThat(server.server().requests()).isEmpty();
        new TestHttp(server.server()).defaultAccessToken(); // the lasting fault is gone
    }

    @Test
    @Order(3)
    void registered_parameterInjected_isTheSameServer(InatTestServer injected) {
        assertThat(injected).isSameAs(server.server());
    }
}
