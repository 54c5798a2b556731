package io.github.inatauth.filestore.internal;

import io.github.inatauth.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Keys from {@code INAT_AUTH_PASSPHRASE} with Argon2id. Deriving costs tens of milliseconds and
 * 19 MiB or more, so each (passphrase, salt, parameters) is derived once per process and kept, and
 * new files reuse the salt of a file this process already read or wrote: a process that reads and
 * writes the store derives one key.
 */
final class PassphraseKeys extends KeySource {

    /** Derived keys, by a digest of (parameters, salt, passphrase). */
    private static final Map<String, Derivation> DERIVED = new ConcurrentHashMap<>();
    /** The salt new files get, by a digest of (write parameters, passphrase). */
    private static final Map<String, byte[]> WRITE_SALTS = new ConcurrentHashMap<>();

    private final byte[] passphrase;
    private final KdfParams writeParams;
    private final String writeId;

    PassphraseKeys(Secret passphrase, KdfParams writeParams) {
        this.passphrase = passphrase.reveal().getBytes(StandardCharsets.UTF_8);
        this.writeParams = writeParams;
        this.writeId = digest("write", writeParams, new byte[0]);
    }

    @Override
    Kdf kdf() {
        return Kdf.ARGON2ID;
    }

    @Override
    WriteKey forWriting() {
        byte[] salt = WRITE_SALTS.computeIfAbsent(writeId, id -> {
            byte[] fresh = new byte[Header.SALT_LENGTH];
            RANDOM.nextBytes(fresh);
            return fresh;
        });
        return new WriteKey(Kdf.ARGON2ID, writeParams, salt.clone(), derive(writeParams, salt));
    }

    @Override
    byte[] derive(Header header) {
        return derive(header.params(), header.salt());
    }

    @Override
    void confirmed(Header header) {
        if (header.params().equals(writeParams)) {
            WRITE_SALTS.putIfAbsent(writeId, header.salt().clone());
        }
    }

    /** How many distinct keys this process has set out to derive (tests: a rejected header derives none). */
    static int derivationsStarted() {
        return DERIVED.size();
    }

    private byte[] derive(KdfParams params, byte[] salt) {
        return DERIVED.computeIfAbsent(digest("key", params, salt), id -> new Derivation()).get(passphrase, params, salt);
    }

    /** A hex SHA-256 over a label, the parameters, the salt and the passphrase: a map key that holds no passphrase. */
    private String digest(String label, KdfParams params, byte[] salt) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((label + '|' + params + '|' + salt.length + '|').getBytes(StandardCharsets.US_ASCII));
            sha.update(salt);
            sha.update(passphrase);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    static byte[] argon2id(byte[] passphrase, KdfParams params, byte[] salt) {
        Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(p);
        byte[] key = new byte[KEY_LENGTH];
        generator.generateBytes(passphrase, key);
        return key;
    }

    /** One key, derived by the first thread that needs it while the others wait. */
    private static final class Derivation {
        private byte[] key;

        synchronized byte[] get(byte[] passphrase, KdfParams params, byte[] salt) {
            if (key == null) {
                key = argon2id(passphrase, params, salt);
            }
            return key;
        }
    }
}
