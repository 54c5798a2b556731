package io.github.inatauth.http.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.Setting;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code file:} URL in {@code INAT_AUTH_REMOTE_URL}: the broker's (or the credentials') JSON in a
 * file that something else keeps current, such as Vault Agent or a Kubernetes Secret volume (which
 * swap a link) or a job that rewrites it in place. The file gets the rules of an HTTP answer: at most
 * {@link HttpTransport#MAX_BODY_BYTES}, one strict JSON object.
 */
final class MountedFile {
    /** A file caught half-written (rewritten in place) is read again this often, this far apart. */
    private static final int TRIES = 3;
    private static final long PAUSE_MILLIS = 100;

    private MountedFile() {
    }

    static boolean isFileUrl(String text) {
        return text.strip().toLowerCase(Locale.ROOT).startsWith("file:");
    }

    /**
     * The URL of a file given by its absolute path.
     *
     * @throws ConfigurationException when it is not {@code file:///absolute/path} (or {@code file:/absolute/path})
     */
    static URI url(String text, String what) {
        try {
            URI uri = new URI(text.strip());
            Path.of(uri); // absolute, local, no query or fragment: else IllegalArgumentException
            return uri;
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new ConfigurationException("The " + what + " is not a file URL with an absolute path; give it as "
                    + "file:///run/secrets/inat.json.");
        }
    }

    /**
     * The JSON object of the file.
     *
     * @throws ServerException when the file cannot be read, is too large, or is not one JSON object
     */
    static JsonObject read(URI url, String hint) {
        Path file = Path.of(url);
        for (int attempt = 1; ; attempt++) {
            Optional<JsonObject> object = JsonSupport.parseObject(bytes(file, hint));
            if (object.isPresent()) {
                return object.get();
            }
            if (attempt >= TRIES) {
                throw new ServerException("The file " + file + " (" + Setting.REMOTE_URL + ") does not hold "
                        + "one JSON object; " + hint + ", and what writes the file.", null);
            }
            try {
                Thread.sleep(PAUSE_MILLIS); // perhaps caught while it is written in place
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerException("Interrupted while reading " + file + ".", e);
            }
        }
    }

    private static byte[] bytes(Path file, String hint) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(HttpTransport.MAX_BODY_BYTES + 1);
            if (bytes.length > HttpTransport.MAX_BODY_BYTES) {
                throw new ServerException("The file " + file + " (" + Setting.REMOTE_URL + ") is larger than "
                        + HttpTransport.MAX_BODY_BYTES / 1024 + " KiB, which is not what it should hold; " + hint + ".", null);
            }
            return bytes;
        } catch (IOException e) {
            throw new ServerException("The file " + file + " (" + Setting.REMOTE_URL + ") cannot be read ("
                    + e.getClass().getSimpleName() + "); " + hint + ", and that the secret was written there.", e);
        }
    }
}
