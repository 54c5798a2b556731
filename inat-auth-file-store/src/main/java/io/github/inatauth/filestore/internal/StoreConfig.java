package io.github.inatauth.filestore.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Secret;
import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import io.github.inatauth.spi.ProviderContext;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Where the store is and where its key comes from, read from a {@link ProviderContext}. */
record StoreConfig(Path home, KeySource keys) {

    static final String PASSPHRASE = "INAT_AUTH_PASSPHRASE";
    static final String KEY_FILE = "INAT_AUTH_KEY_FILE";
    static final String HINT = "set " + PASSPHRASE + " (a passphrase) or " + KEY_FILE
            + " (a file holding a 32-byte key) to use the encrypted file store";
    /** System properties that raise the Argon2id cost of new files above OWASP's minimum. */
    static final String MEMORY_PROPERTY = "inat.auth.file.argon2.memoryKiB";
    static final String ITERATIONS_PROPERTY = "inat.auth.file.argon2.iterations";
    static final String PARALLELISM_PROPERTY = "inat.auth.file.argon2.parallelism";

    /** The configuration, or empty when neither a passphrase nor a key file is set. */
    static Optional<StoreConfig> tryFrom(ProviderContext context) {
        Optional<String> passphrase = context.environment(PASSPHRASE);
        Optional<String> keyFile = context.environment(KEY_FILE);
        if (passphrase.isPresent() && keyFile.isPresent()) {
            throw new ConfigurationException("Both " + PASSPHRASE + " and " + KEY_FILE + " are set; set only one.");
        }
        if (passphrase.isEmpty() && keyFile.isEmpty()) {
            return Optional.empty();
        }
        KeySource keys = passphrase.isPresent()
                ? new PassphraseKeys(Secret.of(passphrase.get()), writeParams(context))
                : new KeyFileKeys(absolute(path(keyFile.get(), KEY_FILE)));
        return Optional.of(new StoreConfig(home(context), keys));
    }

    /** The configuration; {@link Kind#NOT_CONFIGURED} when neither a passphrase nor a key file is set. */
    static StoreConfig from(ProviderContext context) {
        return tryFrom(context).orElseThrow(() -> new StoreException(Kind.NOT_CONFIGURED,
                "The file store is not configured: " + HINT + "."));
    }

    /**
     * {@code INAT_AUTH_HOME} ({@code inat.auth.home}); else {@code $XDG_CONFIG_HOME/inat-auth}; else
     * {@code %APPDATA%\inat-auth} on Windows; else {@code ~/.config/inat-auth}.
     */
    static Path home(ProviderContext context) {
        Optional<String> explicit = context.setting("INAT_AUTH_HOME", "inat.auth.home");
        if (explicit.isPresent()) {
            return absolute(path(explicit.get(), "INAT_AUTH_HOME"));
        }
        Optional<Path> xdg = context.environment("XDG_CONFIG_HOME").map(p -> path(p, "XDG_CONFIG_HOME"))
                .filter(Path::isAbsolute); // the XDG spec says to ignore relative paths
        if (xdg.isPresent()) {
            return absolute(xdg.get()).resolve("inat-auth");
        }
        boolean windows = context.systemProperty("os.name").orElse("").startsWith("Windows");
        Optional<String> appData = windows ? context.environment("APPDATA") : Optional.empty();
        if (appData.isPresent()) {
            return absolute(path(appData.get(), "APPDATA")).resolve("inat-auth");
        }
        String userHome = context.systemProperty("user.home").orElseThrow(() -> new ConfigurationException(
                "Cannot tell where the file store goes: set INAT_AUTH_HOME."));
        return absolute(path(userHome, "user.home")).resolve(".config").resolve("inat-auth");
    }

    private static KdfParams writeParams(ProviderContext context) {
        KdfParams min = KdfParams.MINIMUM;
        KdfParams p = new KdfParams(
                intSetting(context, MEMORY_PROPERTY, min.memoryKiB(), KdfParams.MAX_MEMORY_KIB),
                intSetting(context, ITERATIONS_PROPERTY, min.iterations(), KdfParams.MAX_ITERATIONS),
                intSetting(context, PARALLELISM_PROPERTY, min.parallelism(), KdfParams.MAX_PARALLELISM));
        if (!p.readable()) {
            throw new ConfigurationException("The Argon2id parameters " + p + " do not fit together: memory "
                    + "must be at least 8 KiB per lane, and memory times iterations at most " + KdfParams.MAX_WORK_KIB
                    + " KiB (256 MiB-passes).");
        }
        return p;
    }

    private static int intSetting(ProviderContext context, String property, int min, int max) {
        Optional<String> text = context.systemProperty(property);
        if (text.isEmpty()) {
            return min;
        }
        int value;
        try {
            value = Integer.parseInt(text.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("The system property " + property + " must be a whole number, not '"
                    + text.get() + "'.");
        }
        if (value < min || value > max) {
            throw new ConfigurationException("The system property " + property + " must be between " + min
                    + " (OWASP's minimum) and " + max + "; it is " + value + ".");
        }
        return value;
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static Path path(String text, String name) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(name + " is not a usable path: " + e.getMessage());
        }
    }
}
