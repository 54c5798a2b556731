package io.github.inatauth.filestore.internal;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The key in {@code INAT_AUTH_KEY_FILE}: 32 bytes, either raw or written as 64 hex digits or as
 * base64 (surrounding white space ignored). Read on first use and kept.
 */
final class KeyFileKeys extends KeySource {

    private static final int MAX_KEY_FILE_SIZE = 1024;

    private final Path keyFile;
    private volatile byte[] key;

    KeyFileKeys(Path keyFile) {
        this.keyFile = keyFile;
    }

    @Override
    Kdf kdf() {
        return Kdf.KEY_FILE;
    }

    @Override
    WriteKey forWriting() {
        return new WriteKey(Kdf.KEY_FILE, KdfParams.NONE, new byte[0], key());
    }

    @Override
    byte[] derive(Header header) {
        return key();
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = read(keyFile);
            key = k;
        }
        return k;
    }

    static byte[] read(Path keyFile) {
        byte[] bytes;
        try {
            Permissions.checkKeyFile(keyFile);
            if (Files.size(keyFile) > MAX_KEY_FILE_SIZE) {
                throw invalid(keyFile);
            }
            bytes = Files.readAllBytes(keyFile);
        } catch (NoSuchFileException e) {
            throw new StoreException(Kind.IO, "The key file " + keyFile + " (INAT_AUTH_KEY_FILE) does not exist. "
                    + "Create one with: head -c 32 /dev/urandom > " + keyFile + " && chmod 600 " + keyFile);
        } catch (IOException e) {
            throw new StoreException(Kind.IO, "Cannot read the key file " + keyFile + " (INAT_AUTH_KEY_FILE): " + e, e);
        }
        if (bytes.length == KEY_LENGTH) {
            return bytes;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        try {
            byte[] decoded = text.length() == 2 * KEY_LENGTH ? HexFormat.of().parseHex(text)
                    : Base64.getDecoder().decode(text.replace('-', '+').replace('_', '/'));
            if (decoded.length == KEY_LENGTH) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // not hex or base64: reported below
        }
        throw invalid(keyFile);
    }

    private static StoreException invalid(Path keyFile) {
        return new StoreException(Kind.WRONG_KEY, "The key file " + keyFile + " (INAT_AUTH_KEY_FILE) does not hold a "
                + "32-byte key (raw, 64 hex digits or base64). Create one with: head -c 32 /dev/urandom > " + keyFile);
    }
}
