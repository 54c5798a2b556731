package io.github.inatauth.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.spi.ProviderContext;
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
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Settings that may name a file holding their value instead (Docker's and Kubernetes' convention, as
 * {@code POSTGRES_PASSWORD_FILE}): {@code INAT_PASSWORD_FILE=/run/secrets/inat_password}. One trailing
 * newline is dropped, since editors and {@code echo} add one. Setting both a value and its file is
 * refused: which one wins would be a guess. Messages name the setting and the file, never the content.
 */
final class SecretFiles {
    /** The suffix that turns a setting into the one naming its file. */
    static final String FILE_SUFFIX = "_FILE";
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

    /** The environment variable {@code name}, or the content of the file {@code name_FILE} names. */
    static Optional<Value> environment(ProviderContext context, String name) {
        return pick(context.environment(name), context.environment(name + FILE_SUFFIX), name, name + FILE_SUFFIX);
    }

    /** The system property {@code name}, or the content of the file the property {@code name + "File"} names. */
    static Optional<Value> systemProperty(ProviderContext context, String name) {
        String fileName = name + "File";
        return pick(context.systemProperty(name), context.systemProperty(fileName),
                "the system property " + name, "the system property " + fileName);
    }

    private static Optional<Value> pick(Optional<String> plain, Optional<String> file, String plainName, String fileName) {
        if (plain.isPresent() && file.isPresent()) {
            throw new ConfigurationException(capitalised(plainName) + " and " + fileName + " are both set; "
                    + "unset one of them.");
        }
        if (plain.isPresent()) {
            return Optional.of(new Value(plain.get(), plainName));
        }
        return file.map(path -> new Value(read(path, fileName), fileName + " (" + path + ")"));
    }

    /** The file's text without one trailing newline ({@code \n} or {@code \r\n}). */
    static String read(String pathText, String setting) {
        Path path;
        try {
            path = Paths.get(pathText);
        } catch (RuntimeException e) {
            throw new ConfigurationException(capitalised(setting) + " is not a file name (" + e.getMessage() + ").");
        }
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
