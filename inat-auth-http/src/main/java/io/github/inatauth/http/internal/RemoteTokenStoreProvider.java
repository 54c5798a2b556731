package io.github.inatauth.http.internal;

import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.spi.TokenStoreProvider;

/** Store {@code remote}, the read-only token broker, for {@link java.util.ServiceLoader}. */
public final class RemoteTokenStoreProvider implements TokenStoreProvider {

    @Override
    public String id() {
        return RemoteTokenStore.ID;
    }

    @Override
    public TokenStore open(ProviderContext context) {
        return RemoteTokenStore.open(context);
    }
}
