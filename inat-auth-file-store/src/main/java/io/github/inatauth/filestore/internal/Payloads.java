package io.github.inatauth.filestore.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.Secret;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The plaintext inside the files (format in the module's README): big-endian, strings as u32 length + UTF-8. */
final class Payloads {

    private static final System.Logger LOG = System.getLogger("io.github.inatauth.filestore");
    private static final int MAX_STRING = 1024 * 1024;

    private Payloads() {
    }

    static byte[] encodeCredentials(Credentials credentials) {
        return write(out -> {
            for (Field field : Field.values()) {
                String value = credentials.value(field);
                out.writeByte(value == null ? 0 : 1);
                if (value != null) {
                    writeString(out, value);
                }
            }
        });
    }

    static Credentials decodeCredentials(byte[] plaintext, StoreFile file) {
        return read(plaintext, file, in -> {
            String[] values = new String[Field.values().length];
            for (Field field : Field.values()) {
                int present = in.readUnsignedByte();
                if (present > 1) {
                    throw new IOException("bad presence flag");
                }
                values[field.ordinal()] = present == 1 ? readString(in) : null;
            }
            return Credentials.of(values[Field.USERNAME.ordinal()], values[Field.PASSWORD.ordinal()],
                    values[Field.APP_ID.ordinal()], values[Field.APP_SECRET.ordinal()]);
        });
    }

    static byte[] encodeTokens(Map<TokenKey, Token> tokens) {
        return write(out -> {
            out.writeInt(tokens.size());
            for (Map.Entry<TokenKey, Token> e : tokens.entrySet()) {
                Token token = e.getValue();
                writeString(out, e.getKey().asString());
                writeString(out, token.value().reveal());
                writeInstant(out, token.obtainedAt());
                out.writeByte(token.expiresAt() == null ? 0 : 1);
                if (token.expiresAt() != null) {
                    writeInstant(out, token.expiresAt());
                }
            }
        });
    }

    /**
     * The tokens of a {@code tokens.enc}. A layout error makes the whole file {@code DAMAGED}; an entry
     * laid out right whose values cannot be a token (a key that does not parse, not a bearer token, a
     * time outside 1970..9999) is a damaged entry: left out, as if absent, so the next save replaces it.
     */
    static Map<TokenKey, Token> decodeTokens(byte[] plaintext, StoreFile file) {
        return read(plaintext, file, in -> {
            int count = in.readInt();
            if (count < 0) {
                throw new IOException("negative count");
            }
            Map<TokenKey, Token> tokens = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String key = readString(in);
                String value = readString(in);
                Instant obtainedAt = readInstant(in);
                int hasExpiry = in.readUnsignedByte();
                if (hasExpiry > 1) {
                    throw new IOException("bad expiry flag");
                }
                Instant expiresAt = hasExpiry == 1 ? readInstant(in) : null;
                try {
                    tokens.put(TokenKey.parse(key), new Token(Secret.of(value), obtainedAt, expiresAt));
                } catch (IllegalArgumentException e) {
                    // a damaged entry (a key that does not parse, not a bearer token, a time outside
                    // 1970..9999) is as good as none: the next save writes without it
                    LOG.log(System.Logger.Level.WARNING, "ignoring a damaged token entry in {0}: {1}",
                            file.path(), e.getMessage());
                }
            }
            return tokens;
        });
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] plaintext, StoreFile file, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
            T value = reader.read(in);
            if (in.available() != 0) {
                throw new IOException("trailing bytes");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            // authentic but unreadable: written by something that is not inat-auth's version-1 writer
            throw Header.damaged(file, "decrypts, but its content is not in the expected layout");
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING || length > in.available()) {
            throw new IOException("bad string length");
        }
        byte[] bytes = in.readNBytes(length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    /** A time as written; {@link Instant#MIN} when it is none, which no {@code Token} takes. */
    private static Instant readInstant(DataInputStream in) throws IOException {
        long seconds = in.readLong();
        int nanos = in.readInt();
        if (nanos < 0 || nanos > 999_999_999 || seconds < Instant.MIN.getEpochSecond()
                || seconds > Instant.MAX.getEpochSecond()) {
            return Instant.MIN;
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
