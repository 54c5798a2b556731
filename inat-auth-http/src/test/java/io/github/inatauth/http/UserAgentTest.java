package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.auth;
import static io.github.inatauth.http.TestSupport.envWithDefaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.TokenType;
import io.github.inatauth.testkit.InatTestServerExtension;
import io.github.inatauth.testkit.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The application's name before inat-auth's in the User-Agent of every request, as the server sees it. */
class UserAgentTest {

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private void fetchBothTokens(InatAuth.Builder builder) {
        try (InatAuth auth = builder.build()) {
            auth.accessToken(TokenType.OAUTH);
            auth.accessToken(TokenType.JWT);
        }
    }

    private void assertEveryRequestSays(String prefix) {
        assertThat(kit.server().requests()).hasSizeGreaterThanOrEqualTo(2);
        for (RecordedRequest r : kit.server().requests()) {
            assertThat(r.header("User-Agent")).as(r.path()).startsWith(prefix + " inat-auth/");
        }
    }

    @Test
    void builderUserAgent_beforeInatAuthsInEveryRequest() {
        fetchBothTokens(auth(kit.server(), envWithDefaults(kit.server())).userAgent("my-app/1.2"));
        assertEveryRequestSays("my-app/1.2");
    }

    @Test
    void environmentVariable_sameEffect() {
        Map<String, String> env = envWithDefaults(kit.server());
        env.put("INAT_AUTH_USER_AGENT", "bird-counter/0.9 (+https://example.org/bc)");
        fetchBothTokens(auth(kit.server(), env));
        assertEveryRequestSays("bird-counter/0.9 (+https://example.org/bc)");
    }

    @Test
    void builder_beatsTheVariable() {
        Map<String, String> env = envWithDefaults(kit.server());
        env.put("INAT_AUTH_USER_AGENT", "from-env/1");
        fetchBothTokens(auth(kit.server(), env).userAgent("from-code/2"));
        assertEveryRequestSays("from-code/2");
    }

    @Test
    void unset_inatAuthAlone() {
        fetchBothTokens(auth(kit.server(), envWithDefaults(kit.server())));
        assertThat(kit.server().requests()).allSatisfy(r -> assertThat(r.header("User-Agent")).startsWith("inat-auth/"));
    }

    @Test
    void controlCharacters_refusedAtOnce() {
        for (String bad : new String[] {"my-app/1.2\r\nX-Injected: 1", "tab\there", "", "caf\u00e9/1", "x".repeat(201)}) {
            assertThatThrownBy(() -> InatAuth.builder().userAgent(bad)).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("my-app/1.2");
        }
    }

    @Test
    void controlCharacterInTheVariable_configurationErrorAtBuild() {
        Map<String, String> env = envWithDefaults(kit.server());
        env.put("INAT_AUTH_USER_AGENT", "my-app/1.2\nX-Injected: 1");
        assertThatThrownBy(() -> auth(kit.server(), env).build().close()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("INAT_AUTH_USER_AGENT").hasMessageContaining("control character");
        assertThat(kit.server().requests()).isEmpty();
    }
}
