package io.github.inatauth.internal;

import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.spi.TokenStoreProvider;

/** Store {@code memory} for {@link java.util.ServiceLoader}: every {@code InatAuth} gets the process's one store. */
public final class MemoryStoreProvider implements TokenStoreProvider {

    @Override
    public String id() {
        return MemoryStore.ID;
    }

    @Override
    public TokenStore open(ProviderContext context) {
        return MemoryStore.INSTANCE;
    }
}
