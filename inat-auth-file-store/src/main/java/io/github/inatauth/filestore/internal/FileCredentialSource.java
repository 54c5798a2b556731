package io.github.inatauth.filestore.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import java.util.Optional;

/** Source {@code file}: credentials saved in {@code credentials.enc}. */
public final class FileCredentialSource implements CredentialSource {
    public static final String ID = "file";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Result read(ProviderContext context) {
        Optional<StoreConfig> config = StoreConfig.tryFrom(context);
        if (config.isEmpty()) {
            return new Result.NotConfigured(StoreConfig.HINT);
        }
        StoreFolder folder = new StoreFolder(config.get(), StoreFolder.writerWait(context));
        Optional<Credentials> saved = folder.readCredentials();
        if (saved.isEmpty()) {
            return new Result.NotConfigured("no credentials saved in " + folder.file(Content.CREDENTIALS)
                    + "; save them with: inat-auth login --store file");
        }
        return new Result.Found(saved.get(), "encrypted file " + folder.file(Content.CREDENTIALS));
    }

    @Override
    public boolean canSave() {
        return true;
    }

    @Override
    public void save(ProviderContext context, Credentials credentials) {
        StoreFolder.open(context).saveCredentials(credentials);
    }

    @Override
    public boolean delete(ProviderContext context) {
        return StoreFolder.open(context).deleteCredentials();
    }
}
