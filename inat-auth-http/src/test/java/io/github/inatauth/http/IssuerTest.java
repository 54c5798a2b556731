package io.github.inatauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.Secret;
import io.github.inatauth.http.internal.HttpTokenIssuerProvider;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The issuer through its SPI alone, as another engine would use it. */
class IssuerTest {

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private TokenIssuer open() {
        Map<String, String> props = Map.of(Setting.HTTP_RETRY_DELAY.systemProperty().orElseThrow(), TestSupport.FAST_RETRIES);
        return new HttpTokenIssuerProvider().open(ProviderContext.builder().systemProperties(props::get)
                .environment(name -> null).baseUrl(kit.baseUrl()).apiUrl(kit.apiUrl()).build());
    }

    @Test
    void passwordGrant_thenExchange_oauthTokenWithoutExpiryAndJwtWithExp() {
        try (TokenIssuer issuer = open()) {
            Token oauth = issuer.passwordGrant(kit.defaultCredentials());
            assertThat(oauth.expiresAt()).isNull();
            Token jwt = issuer.exchangeForJwt(oauth.value());
            assertThat(jwt.expiresAt()).isAfter(jwt.obtainedAt().plus(Duration.ofHours(23)));
            assertThat(issuer.validate(jwt.value())).isTrue();
            assertThat(issuer.validate(Secret.of("not-a-jwt"))).isFalse();
        }
    }

    @Test
    void exchangeForJwt_401WithoutErrorCode_invalidToken() {
        kit.server().failNext(Endpoint.API_TOKEN, Fault.status(401, "text/html", "<html>no</html>"));
        try (TokenIssuer issuer = open()) {
            Token oauth = issuer.passwordGrant(kit.defaultCredentials());
            assertThatThrownBy(() -> issuer.exchangeForJwt(oauth.value()))
                    .isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                        assertThat(e.error()).contains("invalid_token");
                        assertThat(e.statusCode()).isEqualTo(401);
                    });
        }
    }

    @Test
    void exchangeForJwt_revokedOAuthToken_rejected() {
        try (TokenIssuer issuer = open()) {
            Token oauth = issuer.passwordGrant(kit.defaultCredentials());
            kit.server().revokeTokens(InatTestServer.DEFAULT_USERNAME);
            assertThatThrownBy(() -> issuer.exchangeForJwt(oauth.value())).isInstanceOf(CredentialsRejectedException.class);
        }
    }

    @Test
    void validate_connectionDroppedEveryTime_false() {
        try (TokenIssuer issuer = open()) {
            Token jwt = issuer.exchangeForJwt(issuer.passwordGrant(kit.defaultCredentials()).value());
            kit.server().failAlways(Endpoint.USERS_ME, Fault.dropConnection());
            assertThat(issuer.validate(jwt.value())).isFalse();
        }
    }
}
