package io.github.inatauth.filestore.internal;

import io.github.inatauth.filestore.FileStore;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.spi.TokenStoreProvider;

/** Store {@code file} for {@link java.util.ServiceLoader}. */
public final class FileTokenStoreProvider implements TokenStoreProvider {

    @Override
    public String id() {
        return FileStore.ID;
    }

    @Override
    public TokenStore open(ProviderContext context) {
        return FileTokenStore.open(context);
    }
}
