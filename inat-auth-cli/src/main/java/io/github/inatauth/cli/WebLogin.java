package io.github.inatauth.cli;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Credentials;
import io.github.inatauth.spi.OAuthGrant;

/** {@code inat-auth login --web}: the browser sign-in of io.github.inatauth.http. */
final class WebLogin {
    private WebLogin() {
    }

    static Credentials credentials(LoginCommand login) {
        throw new ConfigurationException("Browser sign-in is not in this build yet; run `inat-auth login` without --web.");
    }

    static OAuthGrant grant(LoginCommand login) {
        throw new ConfigurationException("Browser sign-in is not in this build yet; run `inat-auth login` without --web.");
    }
}
