package io.github.inatauth.keyring.internal.secretservice;

import io.github.inatauth.StoreException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/**
 * A Secret Service session: how secret values travel over the bus. It negotiates
 * {@code dh-ietf1024-sha256-aes128-cbc-pkcs7} (what libsecret and Python's SecretStorage use), so
 * that values are encrypted even on the bus; a service without it gets {@code plain}.
 *
 * <p>The algorithm, from the Secret Service spec: Diffie-Hellman over the 1024-bit MODP group of
 * RFC 2409 (generator 2), the shared secret as 128 big-endian bytes, HKDF-SHA256 with no salt and no
 * info to a 16-byte AES key, and each secret AES-128-CBC with PKCS#7 padding under a fresh IV that
 * travels as the secret's parameters.
 */
final class SecretSession {

    static final String DH_ALGORITHM = "dh-ietf1024-sha256-aes128-cbc-pkcs7";

    private static final BigInteger PRIME = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
                    + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
                    + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF", 16);
    private static final BigInteger GENERATOR = BigInteger.TWO;
    private static final int GROUP_BYTES = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DBusPath path;
    private final SecretKeySpec key;

    private SecretSession(DBusPath path, SecretKeySpec key) {
        this.path = path;
        this.key = key;
    }

    /** Opens an encrypted session, or a plain one when the service does not offer encryption. */
    static SecretSession open(DBusClient bus) {
        BigInteger privateKey = new BigInteger(1, randomBytes(GROUP_BYTES));
        byte[] publicKey = unsigned(GENERATOR.modPow(privateKey, PRIME));
        try {
            Object[] reply = bus.call(SecretServiceBackend.BUS_NAME, SecretServiceBackend.SERVICE_PATH,
                    SecretServiceBackend.SERVICE, "OpenSession", "sv", DH_ALGORITHM, new Variant<>(publicKey, "ay"));
            Object output = ((Variant<?>) reply[0]).getValue();
            BigInteger serverKey = new BigInteger(1, bytes(output));
            byte[] shared = leftPad(unsigned(serverKey.modPow(privateKey, PRIME)));
            return new SecretSession((DBusPath) reply[1], new SecretKeySpec(hkdfSha256(shared, 16), "AES"));
        } catch (DBusClient.ErrorReply e) {
            if (!e.name().equals("org.freedesktop.DBus.Error.NotSupported")) {
                throw e;
            }
        }
        Object[] reply = bus.call(SecretServiceBackend.BUS_NAME, SecretServiceBackend.SERVICE_PATH,
                SecretServiceBackend.SERVICE, "OpenSession", "sv", "plain", new Variant<>(""));
        return new SecretSession((DBusPath) reply[1], null);
    }

    DBusPath path() {
        return path;
    }

    boolean isEncrypted() {
        return key != null;
    }

    /** The {@code (oayays)} struct that carries {@code value} in this session. */
    Object[] encode(String value) {
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        if (key == null) {
            return new Object[] {path, new byte[0], plain, "text/plain"};
        }
        byte[] iv = randomBytes(16);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            return new Object[] {path, iv, cipher.doFinal(plain), "text/plain"};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-CBC is part of every Java runtime", e);
        }
    }

    /** The text a {@code (oayays)} struct carries. */
    String decode(Object[] secret) {
        byte[] value = bytes(secret[2]);
        if (key == null) {
            return new String(value, StandardCharsets.UTF_8);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(bytes(secret[1])));
            return new String(cipher.doFinal(value), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new StoreException(StoreException.Kind.IO,
                    "a secret from the Secret Service did not decrypt (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** RFC 5869 with an empty salt (hash-length zeros) and empty info, as libsecret does. */
    static byte[] hkdfSha256(byte[] inputKey, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] pseudoRandomKey = mac.doFinal(inputKey);
            mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            byte[] block = mac.doFinal(new byte[] {1});
            return Arrays.copyOf(block, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    static byte[] bytes(Object value) {
        if (value instanceof byte[] array) {
            return array;
        }
        List<?> list = (List<?>) value;
        byte[] array = new byte[list.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = ((Number) list.get(i)).byteValue();
        }
        return array;
    }

    /** Big-endian bytes without BigInteger's sign byte. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] leftPad(byte[] bytes) {
        if (bytes.length >= GROUP_BYTES) {
            return bytes;
        }
        byte[] padded = new byte[GROUP_BYTES];
        System.arraycopy(bytes, 0, padded, GROUP_BYTES - bytes.length, bytes.length);
        return padded;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "SecretSession[" + path + (key == null ? ", plain" : ", " + DH_ALGORITHM) + "]";
    }
}
