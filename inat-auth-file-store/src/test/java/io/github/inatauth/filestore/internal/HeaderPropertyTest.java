package io.github.inatauth.filestore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests with seeded random inputs (repeatable: a failure names its seed): whatever the
 * bytes, the parser and the decryption throw only the documented {@link StoreException} kinds.
 */
class HeaderPropertyTest {

    static final long BASE_SEED = 0x1a7a_07f5L;
    static final int CASES_PER_SEED = 250;
    static final Set<Kind> PARSER_KINDS = EnumSet.of(Kind.DAMAGED, Kind.UNSUPPORTED_VERSION);
    static final Set<Kind> DECRYPT_KINDS = EnumSet.of(Kind.DAMAGED, Kind.UNSUPPORTED_VERSION, Kind.WRONG_KEY);
    static final StoreFile FILE = new StoreFile(Path.of("/nowhere/tokens.enc"), Content.TOKENS);

    @TempDir
    static Path temp;
    static KeySource keys;
    static byte[] realFile;

    @BeforeAll
    static void keys() throws IOException {
        keys = new KeyFileKeys(TestStores.newKeyFile(temp, 11));
        realFile = EncryptedFile.encrypt(new byte[] {0, 0, 0, 0}, Content.TOKENS, keys);
    }

    static LongStream seeds() {
        return LongStream.range(0, 16).map(i -> BASE_SEED + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void parse_arbitraryBytes_returnsAConsistentHeaderOrThrowsOnlyDocumentedKinds(long seed) {
        check(seed, HeaderPropertyTest::arbitrary, bytes -> {
            Header h = Header.parse(bytes, FILE);
            assertConsistent(h, bytes);
            return h;
        }, PARSER_KINDS);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decrypt_arbitraryBytes_throwsOnlyDocumentedKinds(long seed) {
        check(seed, HeaderPropertyTest::arbitrary, bytes -> EncryptedFile.decrypt(bytes, FILE, keys), DECRYPT_KINDS);
    }

    private static void assertConsistent(Header h, byte[] bytes) {
        assertThat(h.version()).isEqualTo(Header.VERSION);
        assertThat(bytes.length - h.length()).isGreaterThanOrEqualTo(Header.TAG_LENGTH);
        assertThat(h.encode()).as("re-encoded header").isEqualTo(Arrays.copyOf(bytes, h.length()));
    }

    private static void check(long seed, Function<Random, byte[]> generator, Function<byte[], Object> action,
            Set<Kind> allowed) {
        Random random = new Random(seed);
        for (int i = 0; i < CASES_PER_SEED; i++) {
            byte[] bytes = generator.apply(random);
            try {
                action.apply(bytes);
            } catch (StoreException e) {
                if (!allowed.contains(e.kind())) {
                    fail("seed " + seed + " case " + i + ": kind " + e.kind() + " for " + HexFormat.of().formatHex(bytes), e);
                }
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + " case " + i + ": undocumented " + e + " for " + HexFormat.of().formatHex(bytes), e);
            }
        }
    }

    /** Bytes from five generators, from noise to nearly valid files, so every branch of the parser is reached. */
    static byte[] arbitrary(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> noise(r, r.nextInt(200));
            case 1 -> concat(Header.MAGIC, noise(r, r.nextInt(120)));
            case 2 -> withCrc(r, structured(r));
            case 3 -> mutated(r, realFile.clone(), true);
            default -> mutated(r, realFile.clone(), false);
        };
    }

    private static byte[] noise(Random r, int length) {
        byte[] b = new byte[length];
        r.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** A version-1-shaped header with values near and past their limits, and a random body. */
    private static byte[] structured(Random r) {
        int saltLength = pick(r, 0, 15, 16, 17, 64, 65, 255, r.nextInt(256));
        int headerLength = Header.V1_FIXED_LENGTH + saltLength + pick(r, 0, 0, 0, -1, 1, -r.nextInt(60));
        int bodyLength = pick(r, 0, 15, 16, 17, r.nextInt(100));
        ByteBuffer b = ByteBuffer.allocate(Math.max(Header.PREFIX_LENGTH + 15, headerLength) + bodyLength);
        b.put(Header.MAGIC).putShort((short) pick(r, 1, 1, 1, 0, 2, r.nextInt(65536)))
                .putShort((short) Math.max(0, headerLength));
        b.put((byte) pick(r, 1, 2, 0, 3, r.nextInt(256))).put((byte) pick(r, 1, 2, 0, 3, r.nextInt(256)));
        b.putInt(pick(r, 0, 8, 19456, KdfParams.MAX_MEMORY_KIB, KdfParams.MAX_MEMORY_KIB + 1, -1, r.nextInt()));
        b.putInt(pick(r, 0, 1, 2, 64, 65, -1, r.nextInt()));
        b.putInt(pick(r, 0, 1, 2, 64, 65, -1, r.nextInt()));
        b.put((byte) saltLength);
        byte[] rest = noise(r, b.remaining());
        b.put(rest);
        return b.array();
    }

    private static int pick(Random r, int... choices) {
        return choices[r.nextInt(choices.length)];
    }

    /** A real file with a few bytes changed, and (when {@code fixCrc}) the CRC made right again. */
    private static byte[] mutated(Random r, byte[] file, boolean fixCrc) {
        int changes = 1 + r.nextInt(4);
        for (int i = 0; i < changes; i++) {
            file[r.nextInt(file.length)] = (byte) r.nextInt(256);
        }
        if (r.nextInt(4) == 0) {
            file = Arrays.copyOf(file, r.nextInt(file.length + 1));
        }
        return fixCrc ? withCrc(r, file) : file;
    }

    /** Writes a correct CRC where the header length field says the header ends, when it fits. */
    private static byte[] withCrc(Random r, byte[] file) {
        if (file.length >= Header.PREFIX_LENGTH) {
            int length = Short.toUnsignedInt(ByteBuffer.wrap(file).getShort(Header.MAGIC.length + 2));
            if (length >= Header.MIN_LENGTH && length <= file.length) {
                CRC32 crc = new CRC32();
                crc.update(file, 0, length - 4);
                ByteBuffer.wrap(file).putInt(length - 4, (int) crc.getValue());
            }
        }
        return file;
    }
}
