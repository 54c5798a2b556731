package io.github.inatauth.keyring.internal;

import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.spi.TokenStoreProvider;

/** Store {@code keyring} for {@link java.util.ServiceLoader}: the keyring of this OS. */
public final class KeyringTokenStoreProvider implements TokenStoreProvider {

    @Override
    public String id() {
        return "keyring";
    }

    @Override
    public TokenStore open(ProviderContext context) {
        return KeyringTokenStore.open(context, Backends::open);
    }
}
