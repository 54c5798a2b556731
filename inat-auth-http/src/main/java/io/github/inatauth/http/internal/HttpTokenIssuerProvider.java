package io.github.inatauth.http.internal;

import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenIssuer;
import io.github.inatauth.spi.TokenIssuerProvider;
import java.util.Objects;

/** The token issuer over {@code java.net.http}, for {@link java.util.ServiceLoader}. */
public final class HttpTokenIssuerProvider implements TokenIssuerProvider {

    /** Checks the URLs and that a JSON-P provider is there; the HTTP client is made at the first request. */
    @Override
    public TokenIssuer open(ProviderContext context) {
        return new HttpTokenIssuer(Objects.requireNonNull(context));
    }
}
