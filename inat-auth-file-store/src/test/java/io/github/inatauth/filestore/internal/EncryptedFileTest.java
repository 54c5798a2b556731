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
import io.github.inatauth.spi.Setting;
import io.github.inatauth.spi.TokenStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        return withHeader(file, b -> b.putShort(8, (short) version));
    }

    /** A copy with {@code edit} applied to its header and the CRC fixed: damage the CRC does not reveal. */
    static byte[] withHeader(byte[] file, Consumer<ByteBuffer> edit) {
        byte[] copy = file.clone();
        ByteBuffer b = ByteBuffer.wrap(copy);
        edit.accept(b);
        int length = Short.toUnsignedInt(b.getShort(10));
        CRC32 crc = new CRC32();
        crc.update(copy, 0, length - 4);
        b.putInt(length - 4, (int) crc.getValue());
        return copy;
    }

    /**
     * Argon2id costs past the format's range (memory, iterations, and their product), in a file
     * whose CRC is right: DAMAGED, the file left in place, and no key derived for it. The first
     * one (m = 1 GiB, t = 64) used to run for minutes; the last one used to be derived, then
     * reported as a wrong passphrase.
     */
    @ParameterizedTest(name = "m={0} KiB, t={1}")
    @CsvSource({"1048576, 64", "262145, 1", "19456, 65", "262144, 2"})
    void read_argon2CostPastTheRange_isDamagedBeforeAnyKeyIsDerived(int memoryKiB, int iterations) throws IOException {
        Path folder = shared.resolve("costly-" + memoryKiB + "-" + iterations);
        StoreFolder store = StoreFolder.open(TestStores.passphraseContext(folder, PASSPHRASE));
        store.saveCredentials(Credentials.of("carol", null, null, null));
        Path file = store.file(Content.CREDENTIALS).path();
        byte[] costly = withHeader(Files.readAllBytes(file), b -> b.putInt(14, memoryKiB).putInt(18, iterations));
        Files.write(file, costly);
        int derivations = PassphraseKeys.derivationsStarted();

        assertThatThrownBy(store::readCredentials).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.DAMAGED);
            assertThat(e.getMessage()).contains("key derivation parameters out of range",
                    "m=" + memoryKiB + " KiB, t=" + iterations);
        });
        assertThat(PassphraseKeys.derivationsStarted()).as("keys derived").isEqualTo(derivations);
        assertThat(Files.readAllBytes(file)).isEqualTo(costly);
    }

    @Test
    void header_argon2CostAtTheEdgesOfTheRange_isAccepted() {
        for (KdfParams edge : new KdfParams[] {new KdfParams(262144, 1, 1), new KdfParams(65536, 4, 4),
                new KdfParams(4096, 64, 64), new KdfParams(8, 1, 1)}) {
            byte[] file = withHeader(realFile, b -> b.putInt(14, edge.memoryKiB()).putInt(18, edge.iterations())
                    .putInt(22, edge.parallelism()));
            assertThat(Header.parse(file, credentialsFile).params()).isEqualTo(edge);
        }
    }

    @Test
    void writeParams_pastTheRange_areRefused() {
        ProviderContext tooMuchMemory = TestStores.context(Map.of("INAT_AUTH_HOME", home.toString(),
                "INAT_AUTH_PASSPHRASE", "another"), Map.of(Setting.ARGON2_MEMORY_KIB.systemProperty().orElseThrow(), "1048576"));
        assertThatThrownBy(() -> StoreConfig.from(tooMuchMemory)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("and 262144");
        ProviderContext tooMuchWork = TestStores.context(Map.of("INAT_AUTH_HOME", home.toString(),
                "INAT_AUTH_PASSPHRASE", "another"), Map.of(Setting.ARGON2_MEMORY_KIB.systemProperty().orElseThrow(), "262144",
                Setting.ARGON2_ITERATIONS.systemProperty().orElseThrow(), "2"));
        assertThatThrownBy(() -> StoreConfig.from(tooMuchWork)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("memory times iterations at most 262144 KiB");
    }
}
