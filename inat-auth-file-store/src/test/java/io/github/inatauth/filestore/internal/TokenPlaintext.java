package io.github.inatauth.filestore.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The plaintext of a {@code tokens.enc} written field by field, so that tests can hold values
 * {@link Payloads#encodeTokens} never writes (times no {@code Token} can have, keys that do not parse).
 */
final class TokenPlaintext {

    /** One entry; {@code expiresSeconds} null for none. */
    record Entry(String key, String token, long obtainedSeconds, int obtainedNanos, Long expiresSeconds,
            Integer expiresNanos) {
    }

    private TokenPlaintext() {
    }

    static byte[] of(Entry... entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.length);
            for (Entry e : entries) {
                string(out, e.key());
                string(out, e.token());
                out.writeLong(e.obtainedSeconds());
                out.writeInt(e.obtainedNanos());
                out.writeByte(e.expiresSeconds() == null ? 0 : 1);
                if (e.expiresSeconds() != null) {
                    out.writeLong(e.expiresSeconds());
                    out.writeInt(e.expiresNanos());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
