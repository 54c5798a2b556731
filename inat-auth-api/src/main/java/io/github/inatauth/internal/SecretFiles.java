package io.github.inatauth.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings that may name a file holding their value instead (Docker's and Kubernetes' convention, as
 * {@code POSTGRES_PASSWORD_FILE}): {@code INAT_PASSWORD_FILE=/run/secrets/inat_password}. One trailing
 * newline is dropped, since editors and {@code echo} add one. Setting both a value and its file is
 * refused: which one wins would be a guess. Messages name the setting and the file, never the content.
 */
final class SecretFiles {
    /** A secret is short; a larger file is the wrong file. */
    static final int MAX_BYTES = 64 * 1024;

    /**
     * A value and where it came from.
     *
     * @param value the text, never empty
     * @param origin the setting that gave it, with the file's path for a file: {@code INAT_PASSWORD_FILE (/run/secrets/pw)}
     */
    record Value(String value, String origin) {
        @Override
        public String toString() {
            return "Value[origin=" + origin + "]"; // never the value
        }
    }

    private SecretFiles() {
    }

    /**
     * The value of {@code plain}, or the content of the file {@code file} names.
     *
     * @throws ConfigurationException when both are set, or the file cannot be read as a secret
     */
    static Optional<Value> read(ProviderContext context, Setting plain, Setting file) {
        Optional<String> value = context.get(plain);
        Optional<Path> path = context.path(file);
        if (value.isPresent() && path.isPresent()) {
            throw new ConfigurationException(capitalised(where(context, plain)) + " and " + where(context, file)
                    + " are both set; unset one of them.");
        }
        if (value.isPresent()) {
            return Optional.of(new Value(value.get(), where(context, plain)));
        }
        return path.map(p -> new Value(read(p, where(context, file)), where(context, file) + " (" + p + ")"));
    }

    /** How messages name what set {@code setting}: its system property when that is set, else its variable. */
    private static String where(ProviderContext context, Setting setting) {
        return setting.systemProperty().filter(p -> context.systemProperty(p).isPresent())
                .map(p -> "the system property " + p).orElse(setting.displayName());
    }

    /** The file's text without one trailing newline ({@code \n} or {@code \r\n}). */
    static String read(Path path, String setting) {
        String what = capitalised(setting) + " names " + path;
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw new ConfigurationException(what + ", which is a folder; name the file that holds the secret.");
            }
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(what + ", which does not exist; check the path (and the volume mount).");
        } catch (AccessDeniedException e) {
            throw new ConfigurationException(what + ", which this process may not read (user "
                    + System.getProperty("user.name") + "); give it read permission.");
        } catch (IOException e) {
            throw new ConfigurationException(what + ", which cannot be read (" + e.getClass().getSimpleName() + ").", e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new ConfigurationException(what + ", which is larger than " + MAX_BYTES / 1024
                    + " KiB; a secrets file holds only the secret.");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(what + ", which is not UTF-8 text.");
        }
        if (text.endsWith("\r\n")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw new ConfigurationException(what + ", which is empty; put the secret in it, or unset " + setting + ".");
        }
        return text;
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
