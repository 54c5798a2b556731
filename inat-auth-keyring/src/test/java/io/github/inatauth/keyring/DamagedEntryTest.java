package io.github.inatauth.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.InatAuth;
import io.github.inatauth.TokenType;
import io.github.inatauth.keyring.internal.KeyringTokenStore;
import io.github.inatauth.keyring.internal.KeyringTokenStoreProvider;
import io.github.inatauth.keyring.internal.secretservice.SecretServiceFixture;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.testkit.InatTestServer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A token entry in the keyring with a time no token has (year +999999999) used to fail every run
 * with an ArithmeticException; now it is absent: the next run gets a token and saves over it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DamagedEntryTest {

    private InatTestServer server;
    private SecretServiceFixture fixture;
    // a user of our own, so that no other test's entries are touched
    private final String username = "damaged-" + UUID.randomUUID();

    @BeforeEach
    void start() {
        fixture = SecretServiceFixture.require();
        server = InatTestServer.start();
        server.addUser(username, "pw").addApp("damaged-app", "damaged-secret");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            try (TokenStore store = new KeyringTokenStoreProvider().open(SecretServiceFixture.linux(ProviderContext.system()))) {
                for (TokenType type : TokenType.values()) {
                    store.delete(key(type));
                }
            }
            server.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private TokenKey key(TokenType type) {
        return new TokenKey(server.baseUrl().toString(), "damaged-app", username, type);
    }

    private InatAuth.Builder auth() {
        return InatAuth.builder().username(username).password("pw").appId("damaged-app").appSecret("damaged-secret")
                .store("keyring").baseUrl(server.baseUrl().toString()).apiUrl(server.apiUrl().toString())
                .environment(name -> name.startsWith("INAT_") ? null : System.getenv(name));
    }

    @Test
    void accessToken_keyringEntryWithAnImpossibleExpiry_getsANewTokenAndReplacesTheEntry() {
        fixture.createItem("/org/freedesktop/secrets/aliases/default", Map.of("service", KeyringTokenStore.SERVICE,
                "username", key(TokenType.JWT).asString()), "inat-auth token 1\nobtained_at=2026-01-01T00:00:00Z\n"
                + "expires_at=+999999999-12-31T23:59:59Z\ntoken=a.b.c");

        String jwt;
        try (InatAuth auth = auth().build()) {
            jwt = auth.accessToken();
            assertThat(jwt).isNotEqualTo("a.b.c");
            assertThat(auth.isValid(jwt)).isTrue();
        }
        try (InatAuth again = auth().build()) {
            assertThat(again.accessToken()).isEqualTo(jwt);
        }
        try (TokenStore store = new KeyringTokenStoreProvider().open(SecretServiceFixture.linux(ProviderContext.system()))) {
            assertThat(store.load(key(TokenType.JWT))).map(t -> t.value().reveal()).contains(jwt);
        }
        assertThat(server.grantCount()).isEqualTo(1);
    }
}
