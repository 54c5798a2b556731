package io.github.inatauth.filestore.internal;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The header of an encrypted file (format version 1, described byte by byte in the module's README).
 * Its bytes are the AES-GCM associated data, so changing any of them makes decryption fail; the CRC
 * at its end only tells damage apart from a wrong key before any key is derived.
 *
 * <p>Every version starts with magic, version and header length, and ends its header with a CRC-32
 * of the bytes before it. So a reader can tell a damaged file from one written by a newer
 * inat-auth even when it cannot read the rest.
 *
 * @param version the format version (always {@link #VERSION} for headers this class builds)
 * @param length the header's size in bytes; the ciphertext and tag follow it
 */
record Header(int version, Content content, Kdf kdf, KdfParams params, byte[] salt, byte[] nonce, byte[] keyCheck,
        int length) {

    static final byte[] MAGIC = "inatauth".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int SALT_LENGTH = 16;
    static final int MIN_SALT_LENGTH = 16;
    static final int MAX_SALT_LENGTH = 64;
    static final int NONCE_LENGTH = 12;
    static final int KEY_CHECK_LENGTH = 16;
    static final int TAG_LENGTH = 16;
    /** Magic, version, header length. */
    static final int PREFIX_LENGTH = MAGIC.length + 2 + 2;
    /** The smallest header any version can have: the prefix and the CRC. */
    static final int MIN_LENGTH = PREFIX_LENGTH + 4;
    /** A version-1 header without its salt. */
    static final int V1_FIXED_LENGTH = PREFIX_LENGTH + 1 + 1 + 4 + 4 + 4 + 1 + NONCE_LENGTH + KEY_CHECK_LENGTH + 4;

    /** A version-1 header for new content. */
    static Header create(Content content, Kdf kdf, KdfParams params, byte[] salt, byte[] nonce, byte[] keyCheck) {
        return new Header(VERSION, content, kdf, params, salt.clone(), nonce.clone(), keyCheck.clone(),
                V1_FIXED_LENGTH + salt.length);
    }

    /** The header's bytes, exactly as written (and authenticated). */
    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(MAGIC).putShort((short) version).putShort((short) length);
        b.put((byte) content.code).put((byte) kdf.code);
        b.putInt(params.memoryKiB()).putInt(params.iterations()).putInt(params.parallelism());
        b.put((byte) salt.length).put(salt).put(nonce).put(keyCheck);
        b.putInt((int) crc(b.array(), length - 4));
        return b.array();
    }

    /**
     * Reads the header at the start of {@code file}. Throws a {@link StoreException} of kind
     * {@link Kind#DAMAGED} (not an inat-auth file, truncated, a CRC mismatch, values a version-1 writer
     * never writes) or {@link Kind#UNSUPPORTED_VERSION} (an intact header of a newer version), and
     * nothing else, whatever the bytes.
     */
    static Header parse(byte[] file, StoreFile where) {
        if (file.length < MAGIC.length
                || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw damaged(where, file.length < MAGIC.length && Arrays.equals(
                    file, 0, file.length, MAGIC, 0, file.length)
                    ? "is truncated" : "is not an inat-auth file (its first bytes are not \"inatauth\")");
        }
        if (file.length < MIN_LENGTH) {
            throw damaged(where, "is truncated");
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        int version = Short.toUnsignedInt(b.getShort(MAGIC.length));
        int length = Short.toUnsignedInt(b.getShort(MAGIC.length + 2));
        if (length < MIN_LENGTH) {
            throw damaged(where, "has a damaged header (its length field is " + length + ")");
        }
        if (length > file.length) {
            throw damaged(where, "is truncated (" + file.length + " bytes, its header alone claims " + length + ")");
        }
        if (Integer.toUnsignedLong(b.getInt(length - 4)) != crc(file, length - 4)) {
            throw damaged(where, "has a damaged header (CRC mismatch)");
        }
        if (version == 0) {
            throw damaged(where, "has a damaged header (version 0)");
        }
        if (version > VERSION) {
            throw new StoreException(Kind.UNSUPPORTED_VERSION, "The file " + where + " was written by a newer "
                    + "inat-auth (format version " + version + "; this one reads version " + VERSION
                    + "). Upgrade inat-auth to read it.");
        }
        return parseV1(b, length, file.length, where);
    }

    private static Header parseV1(ByteBuffer b, int length, int fileLength, StoreFile where) {
        if (length < V1_FIXED_LENGTH) {
            throw damaged(where, "has a damaged header (too short for version 1)");
        }
        b.position(PREFIX_LENGTH);
        int contentCode = Byte.toUnsignedInt(b.get());
        int kdfCode = Byte.toUnsignedInt(b.get());
        KdfParams params = new KdfParams(b.getInt(), b.getInt(), b.getInt());
        int saltLength = Byte.toUnsignedInt(b.get());
        Content content = Content.ofCode(contentCode);
        Kdf kdf = Kdf.ofCode(kdfCode);
        if (content == null) {
            throw damaged(where, "has a damaged header (unknown content " + contentCode + ")");
        }
        if (kdf == null) {
            throw damaged(where, "has a damaged header (unknown key derivation " + kdfCode + ")");
        }
        if (length != V1_FIXED_LENGTH + saltLength) {
            throw damaged(where, "has a damaged header (its length does not match its salt length)");
        }
        boolean consistent = kdf == Kdf.ARGON2ID
                ? params.readable() && saltLength >= MIN_SALT_LENGTH && saltLength <= MAX_SALT_LENGTH
                : params.equals(KdfParams.NONE) && saltLength == 0;
        if (!consistent) {
            throw damaged(where, "has a damaged header (key derivation parameters out of range: " + params
                    + ", salt of " + saltLength + " bytes)");
        }
        byte[] salt = new byte[saltLength];
        byte[] nonce = new byte[NONCE_LENGTH];
        byte[] keyCheck = new byte[KEY_CHECK_LENGTH];
        b.get(salt).get(nonce).get(keyCheck);
        if (fileLength - length < TAG_LENGTH) {
            throw damaged(where, "is truncated (it ends before its authentication tag)");
        }
        return new Header(VERSION, content, kdf, params, salt, nonce, keyCheck, length);
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    static StoreException damaged(StoreFile where, String what) {
        return new StoreException(Kind.DAMAGED, "The file " + where + " " + what + "; it was left in place. "
                + where.remedy());
    }
}
