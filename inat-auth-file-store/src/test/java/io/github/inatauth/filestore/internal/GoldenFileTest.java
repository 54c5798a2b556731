package io.github.inatauth.filestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by version 1 of the format, kept as they were: later versions of this module must
 * still read them. The key-file one is the example in the README.
 */
class GoldenFileTest {

    @TempDir
    Path temp;

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenFileTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }

    private static StoreFile credentialsFile() {
        return new StoreFile(Path.of("credentials.enc"), Content.CREDENTIALS);
    }

    @Test
    void decrypt_goldenKeyFileFile_givesItsCredentials() throws IOException {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        Path keyFile = temp.resolve("key");
        Files.write(keyFile, key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        byte[] plaintext = EncryptedFile.decrypt(golden("credentials-keyfile.enc"), credentialsFile(), new KeyFileKeys(keyFile));
        assertThat(Payloads.decodeCredentials(plaintext, credentialsFile())).isEqualTo(Credentials.of("alice", null, "app", null));
    }

    @Test
    void decrypt_goldenPassphraseFile_givesItsCredentials() throws IOException {
        KeySource keys = StoreConfig.from(TestStores.context(
                Map.of("INAT_AUTH_HOME", temp.toString(), "INAT_AUTH_PASSPHRASE", "inat-auth golden"), Map.of())).keys();
        byte[] plaintext = EncryptedFile.decrypt(golden("credentials-passphrase.enc"), credentialsFile(), keys);
        assertThat(Payloads.decodeCredentials(plaintext, credentialsFile()))
                .isEqualTo(Credentials.of("alice", "pa55word", "app", "app-secret"));
    }
}
