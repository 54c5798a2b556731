package io.github.inatauth.filestore.internal;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Reads, writes and deletes one encrypted file: header, then AES-256-GCM ciphertext and tag. */
final class EncryptedFile {

    /** Far above anything we write; a bigger file is not ours, and is not read into memory. */
    static final int MAX_FILE_SIZE = 16 * 1024 * 1024;

    private EncryptedFile() {
    }

    /** The plaintext of {@code file}, or empty when there is no such file. */
    static Optional<byte[]> read(StoreFile file, KeySource keys) {
        Path path = file.path();
        byte[] bytes;
        try {
            if (!Files.exists(path)) {
                return Optional.empty();
            }
            Permissions.checkFile(path);
            if (Files.size(path) > MAX_FILE_SIZE) {
                throw Header.damaged(file, "is larger than " + MAX_FILE_SIZE + " bytes, so it is not an inat-auth file");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted between the check and the read
        } catch (IOException e) {
            throw new StoreException(Kind.IO, "Cannot read " + path + ": " + e, e);
        }
        return Optional.of(decrypt(bytes, file, keys));
    }

    /**
     * Decrypts the bytes of a whole file. Throws a {@link StoreException} of kind DAMAGED,
     * UNSUPPORTED_VERSION or WRONG_KEY, and nothing else, whatever the bytes.
     */
    static byte[] decrypt(byte[] bytes, StoreFile file, KeySource keys) {
        Header header = Header.parse(bytes, file);
        if (header.content() != file.content()) {
            throw Header.damaged(file, "holds " + header.content().label() + ", not " + file.content().label()
                    + " (was it copied over from another file?)");
        }
        byte[] key = keys.keyFor(header, file);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, header.nonce());
            cipher.updateAAD(bytes, 0, header.length());
            return cipher.doFinal(bytes, header.length(), bytes.length - header.length());
        } catch (AEADBadTagException e) {
            throw Header.damaged(file, "is damaged (its content fails the integrity check, although the key is right)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed unexpectedly", e);
        }
    }

    /** The bytes of a new file holding {@code plaintext}: a fresh nonce every time. */
    static byte[] encrypt(byte[] plaintext, Content content, KeySource keys) {
        KeySource.WriteKey key = keys.forWriting();
        byte[] nonce = new byte[Header.NONCE_LENGTH];
        KeySource.RANDOM.nextBytes(nonce);
        byte[] header = Header.create(content, key.kdf(), key.params(), key.salt(), nonce,
                KeySource.keyCheck(key.key())).encode();
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key.key(), nonce);
            cipher.updateAAD(header);
            byte[] out = new byte[header.length + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(header, 0, out, 0, header.length);
            cipher.doFinal(plaintext, 0, plaintext.length, out, header.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed unexpectedly", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(Header.TAG_LENGTH * 8, nonce));
        return cipher;
    }

    /**
     * Replaces {@code file} with one holding {@code plaintext}, so that after a crash at any moment the
     * file holds either the old or the new content: a temporary file in the same folder, fsync, rename
     * over, fsync of the folder. The caller holds the writer lock.
     */
    static void write(StoreFile file, byte[] plaintext, KeySource keys) {
        byte[] bytes = encrypt(plaintext, file.content(), keys);
        Path path = file.path();
        Path folder = path.getParent();
        removeStaleTemporaryFiles(folder, path.getFileName().toString());
        byte[] suffix = new byte[8];
        KeySource.RANDOM.nextBytes(suffix);
        Path temporary = folder.resolve(temporaryPrefix(path.getFileName().toString()) + HexFormat.of().formatHex(suffix) + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), Permissions.attributes(folder.getFileSystem(), Permissions.FILE))) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder(folder);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new StoreException(Kind.IO, "Cannot write " + path + ": " + e, e);
        }
    }

    /** Deletes {@code file}; returns whether it was there. The caller holds the writer lock. */
    static boolean delete(StoreFile file) {
        try {
            boolean deleted = Files.deleteIfExists(file.path());
            if (deleted) {
                syncFolder(file.path().getParent());
            }
            return deleted;
        } catch (IOException e) {
            throw new StoreException(Kind.IO, "Cannot delete " + file + ": " + e, e);
        }
    }

    private static String temporaryPrefix(String fileName) {
        return "." + fileName + ".";
    }

    /** A temporary file left by a writer that died; no writer is active, since we hold the writer lock. */
    private static void removeStaleTemporaryFiles(Path folder, String fileName) {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(folder, temporaryPrefix(fileName) + "*.tmp")) {
            stale.forEach(EncryptedFile::deleteQuietly);
        } catch (IOException e) {
            // harmless: they are removed next time
        }
    }

    /** Makes the rename durable. Folders cannot be opened on Windows, where the rename is durable anyway. */
    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (Permissions.isPosix(folder)) {
                throw e;
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover temporary file is removed by the next write
        }
    }
}
