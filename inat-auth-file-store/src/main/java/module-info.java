/**
 * The encrypted file credential source and token store ({@code file}): Argon2id or a key file,
 * AES-256-GCM, crash-safe writes, and a lock file that serialises writers and token fetches across
 * processes. {@link io.github.inatauth.filestore.FileStore} saves and deletes credentials.
 */
module io.github.inatauth.filestore {
    requires transitive io.github.inatauth;
    requires org.bouncycastle.provider;

    exports io.github.inatauth.filestore;

    provides io.github.inatauth.spi.CredentialSource with io.github.inatauth.filestore.internal.FileCredentialSource;
    provides io.github.inatauth.spi.TokenStoreProvider with io.github.inatauth.filestore.internal.FileTokenStoreProvider;
}
