package io.github.inatauth.filestore.internal;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Where the file key comes from: a passphrase (Argon2id) or a key file. */
abstract sealed class KeySource permits PassphraseKeys, KeyFileKeys {

    static final int KEY_LENGTH = 32;
    static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] KEY_CHECK_LABEL = "inat-auth key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A key for a new file, with what its header records. */
    record WriteKey(Kdf kdf, KdfParams params, byte[] salt, byte[] key) {
    }

    abstract Kdf kdf();

    /** The key for new files. */
    abstract WriteKey forWriting();

    /** The key that matches this process's configuration, made for {@code header}; no check yet. */
    abstract byte[] derive(Header header);

    /** Called once a header's key check matched, so later writes can reuse its salt. */
    void confirmed(Header header) {
    }

    /**
     * The key for reading a file with {@code header}, after checking that it is the key the file was
     * written with; throws {@link Kind#WRONG_KEY} otherwise.
     */
    final byte[] keyFor(Header header, StoreFile file) {
        if (header.kdf() != kdf()) {
            throw new StoreException(Kind.WRONG_KEY, "The file " + file + " was encrypted with "
                    + header.kdf().description + ", but this process has " + kdf().description
                    + ". Set the one it was written with.");
        }
        byte[] key = derive(header);
        if (!MessageDigest.isEqual(keyCheck(key), header.keyCheck())) {
            throw new StoreException(Kind.WRONG_KEY, "The file " + file + " was encrypted with a different "
                    + (kdf() == Kdf.ARGON2ID ? "passphrase: check INAT_AUTH_PASSPHRASE." : "key: check INAT_AUTH_KEY_FILE."));
        }
        confirmed(header);
        return key;
    }

    /**
     * The value stored in the header to tell a wrong key from damage: the first 16 bytes of
     * HMAC-SHA256(key, "inat-auth key check"). It reveals no more than the AES-GCM tag already does.
     */
    static byte[] keyCheck(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(KEY_CHECK_LABEL), Header.KEY_CHECK_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }
}
