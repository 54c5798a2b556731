package io.github.inatauth.filestore.internal;

import static io.github.inatauth.filestore.internal.TestStores.JWT_KEY;
import static io.github.inatauth.filestore.internal.TestStores.PASSPHRASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Credentials;
import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk format with the real (OWASP-minimum) Argon2id parameters: one derivation for the whole class. */
class EncryptedFileTest {

    @TempDir
    static Path shared;
    static Path home;
    static byte[] realFile;
    static StoreFile credentialsFile;
    static KeySource keys;

    @BeforeAll
    static void writeRealFile() throws IOException {
        home = shared.resolve("home");
        ProviderContext context = TestStores.passphraseContext(home, PASSPHRASE);
        StoreFolder folder = StoreFolder.open(context);
        folder.saveCredentials(Credentials.of("alice", "pa55word", "app-id", "app-secret"));
        credentialsFile = folder.file(Content.CREDENTIALS);
        realFile = Files.readAllBytes(credentialsFile.path());
        keys = StoreConfig.from(context).keys();
    }

    @Test
    void decrypt_realFile_givesWhatWasSaved() {
        byte[] plaintext = EncryptedFile.decrypt(realFile, credentialsFile, keys);
        assertThat(Payloads.decodeCredentials(plaintext, credentialsFile))
                .isEqualTo(Credentials.of("alice", "pa55word", "app-id", "app-secret"));
    }

    @Test
    void header_realFile_recordsOwaspMinimumArgon2idAndFreshSalt() {
        Header header = Header.parse(realFile, credentialsFile);
        assertThat(header.version()).isEqualTo(1);
        assertThat(header.kdf()).isEqualTo(Kdf.ARGON2ID);
        assertThat(header.params()).isEqualTo(new KdfParams(19456, 2, 1));
        assertThat(header.salt()).hasSize(16);
        assertThat(header.nonce()).hasSize(12);
        assertThat(header.length()).isEqualTo(75);
        assertThat(realFile).hasSize(75 + ciphertextLength("alice", "pa55word", "app-id", "app-secret") + 16);
    }

    private static int ciphertextLength(String... fields) {
        return Arrays.stream(fields).mapToInt(f -> 1 + 4 + f.length()).sum();
    }

    @Test
    void encrypt_twice_usesAFreshNonceEachTime() {
        byte[] plaintext = {1, 2, 3};
        Header a = Header.parse(EncryptedFile.encrypt(plaintext, Content.TOKENS, keys), credentialsFile);
        Header b = Header.parse(EncryptedFile.encrypt(plaintext, Content.TOKENS, keys), credentialsFile);
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
    }

    @Test
    void decrypt_wrongPassphrase_isWrongKey() {
        KeySource other = StoreConfig.from(TestStores.passphraseContext(home, PASSPHRASE + "!")).keys();
        assertThatThrownBy(() -> EncryptedFile.decrypt(realFile, credentialsFile, other))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.WRONG_KEY);
                    assertThat(e.getMessage()).contains("different passphrase", "INAT_AUTH_PASSPHRASE")
                            .doesNotContain(PASSPHRASE);
                });
    }

    @Test
    void decrypt_keyFileWhereAPassphraseWasUsed_isWrongKeyNamingTheOtherSetting() throws IOException {
        Path keyFile = TestStores.newKeyFile(shared, 1);
        KeySource other = StoreConfig.from(TestStores.keyFileContext(home, keyFile)).keys();
        assertThatThrownBy(() -> EncryptedFile.decrypt(realFile, credentialsFile, other))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.WRONG_KEY);
                    assertThat(e.getMessage()).contains("passphrase (INAT_AUTH_PASSPHRASE)", "key file (INAT_AUTH_KEY_FILE)");
                });
    }

    @Test
    void decrypt_everySingleByteFlip_isDamaged() {
        for (int i = 0; i < realFile.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xff}) {
                byte[] damaged = realFile.clone();
                damaged[i] ^= (byte) mask;
                int at = i;
                StoreException e = catchThrowableOfType(StoreException.class,
                        () -> EncryptedFile.decrypt(damaged, credentialsFile, keys));
                assertThat(e).as("flip 0x%02x at byte %d", mask, at).isNotNull();
                assertThat(e.kind()).as("flip 0x%02x at byte %d: %s", mask, at, e.getMessage()).isEqualTo(Kind.DAMAGED);
                assertThat(e.getMessage()).contains(credentialsFile.path().toString(), "left in place");
            }
        }
    }

    @Test
    void decrypt_truncatedAtEveryLength_isDamaged() {
        for (int length = 0; length < realFile.length; length++) {
            byte[] truncated = Arrays.copyOf(realFile, length);
            int at = length;
            StoreException e = catchThrowableOfType(StoreException.class,
                    () -> EncryptedFile.decrypt(truncated, credentialsFile, keys));
            assertThat(e).as("truncated to %d bytes", at).isNotNull();
            assertThat(e.kind()).as("truncated to %d bytes: %s", at, e.getMessage()).isEqualTo(Kind.DAMAGED);
        }
    }

    @Test
    void decrypt_futureVersionWithIntactHeader_isUnsupportedVersion() {
        byte[] future = withVersion(realFile, 2);
        assertThatThrownBy(() -> EncryptedFile.decrypt(future, credentialsFile, keys))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED_VERSION);
                    assertThat(e.getMessage()).contains("newer inat-auth", "version 2");
                });
    }

    @Test
    void read_futureVersionFile_isUnsupportedAndLeftInPlace() throws IOException {
        Path folder = shared.resolve("future");
        StoreFolder store = StoreFolder.open(TestStores.passphraseContext(folder, PASSPHRASE));
        store.saveCredentials(Credentials.of("bob", null, null, null));
        Path file = store.file(Content.CREDENTIALS).path();
        byte[] future = withVersion(Files.readAllBytes(file), 7);
        Files.write(file, future);
        assertThatThrownBy(store::readCredentials).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED_VERSION));
        assertThat(Files.readAllBytes(file)).isEqualTo(future);
    }

    /** A copy with another version number and the CRC fixed, as a newer writer would produce. */
    static byte[] withVersion(byte[] file, int version) {
        byte[] copy = file.clone();
        ByteBuffer b = ByteBuffer.wrap(copy);
        b.putShort(8, (short) version);
        int length = Short.toUnsignedInt(b.getShort(10));
        CRC32 crc = new CRC32();
        crc.update(copy, 0, length - 4);
        b.putInt(length - 4, (int) crc.getValue());
        return copy;
    }

    @Test
    void decrypt_tokensFileInPlaceOfCredentials_isDamaged() {
        byte[] tokens = EncryptedFile.encrypt(Payloads.encodeTokens(Map.of()), Content.TOKENS, keys);
        assertThatThrownBy(() -> EncryptedFile.decrypt(tokens, credentialsFile, keys))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.DAMAGED);
                    assertThat(e.getMessage()).contains("holds tokens, not credentials");
                });
    }

    @Test
    void save_damagedTokenFile_failsAndLeavesItInPlace() throws IOException {
        Path folder = shared.resolve("damaged");
        TokenStore store = TestStores.open(TestStores.passphraseContext(folder, PASSPHRASE));
        store.save(JWT_KEY, TestStores.token("jwt-1", Instant.EPOCH, null));
        Path file = folder.resolve("tokens.enc");
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length - 1] ^= 1;
        Files.write(file, damaged);

        assertThatThrownBy(() -> store.load(JWT_KEY)).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.DAMAGED));
        assertThatThrownBy(() -> store.save(JWT_KEY, TestStores.token("jwt-2", Instant.EPOCH, null)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DAMAGED));
        assertThat(Files.readAllBytes(file)).isEqualTo(damaged);

        store.deleteAll(); // an explicit logout removes even a damaged cache
        assertThat(file).doesNotExist();
    }

    @Test
    void writeParams_raisedBySystemProperty_areStoredInTheHeader() {
        ProviderContext context = TestStores.context(Map.of("INAT_AUTH_HOME", home.toString(),
                "INAT_AUTH_PASSPHRASE", "another"), Map.of(StoreConfig.ITERATIONS_PROPERTY, "3"));
        byte[] file = EncryptedFile.encrypt(new byte[0], Content.CREDENTIALS, StoreConfig.from(context).keys());
        assertThat(Header.parse(file, credentialsFile).params()).isEqualTo(new KdfParams(19456, 3, 1));
    }

    @Test
    void writeParams_belowOwaspMinimum_areRefused() {
        ProviderContext context = TestStores.context(Map.of("INAT_AUTH_HOME", home.toString(),
                "INAT_AUTH_PASSPHRASE", "another"), Map.of(StoreConfig.MEMORY_PROPERTY, "1024"));
        assertThatThrownBy(() -> StoreConfig.from(context)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("between 19456 (OWASP's minimum)");
    }
}
