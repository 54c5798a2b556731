package io.github.inatauth.filestore.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Secret;
import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Where the store is and where its key comes from, read from a {@link ProviderContext}. */
record StoreConfig(Path home, KeySource keys) {

    static final String HINT = "set " + Setting.PASSPHRASE + " (a passphrase) or " + Setting.KEY_FILE
            + " (a file holding a 32-byte key) to use the encrypted file store";

    /** The configuration, or empty when neither a passphrase nor a key file is set. */
    static Optional<StoreConfig> tryFrom(ProviderContext context) {
        Optional<Secret> passphrase = context.secret(Setting.PASSPHRASE);
        Optional<Path> keyFile = context.path(Setting.KEY_FILE);
        if (passphrase.isPresent() && keyFile.isPresent()) {
            throw new ConfigurationException("Both " + Setting.PASSPHRASE + " and " + Setting.KEY_FILE
                    + " are set; set only one.");
        }
        if (passphrase.isEmpty() && keyFile.isEmpty()) {
            return Optional.empty();
        }
        KeySource keys = passphrase.isPresent()
                ? new PassphraseKeys(passphrase.get(), writeParams(context))
                : new KeyFileKeys(keyFile.get());
        return Optional.of(new StoreConfig(home(context), keys));
    }

    /** The configuration; {@link Kind#NOT_CONFIGURED} when neither a passphrase nor a key file is set. */
    static StoreConfig from(ProviderContext context) {
        return tryFrom(context).orElseThrow(() -> new StoreException(Kind.NOT_CONFIGURED,
                "The file store is not configured: " + HINT + "."));
    }

    /**
     * {@link Setting#HOME}; else {@code $XDG_CONFIG_HOME/inat-auth}; else
     * {@code %APPDATA%\inat-auth} on Windows; else {@code ~/.config/inat-auth}.
     */
    static Path home(ProviderContext context) {
        Optional<Path> explicit = context.path(Setting.HOME);
        if (explicit.isPresent()) {
            return explicit.get();
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
                "Cannot tell where the file store goes: set " + Setting.HOME + "."));
        return absolute(path(userHome, "user.home")).resolve(".config").resolve("inat-auth");
    }

    private static KdfParams writeParams(ProviderContext context) {
        KdfParams min = KdfParams.MINIMUM;
        KdfParams p = new KdfParams(
                intSetting(context, Setting.ARGON2_MEMORY_KIB, min.memoryKiB(), KdfParams.MAX_MEMORY_KIB),
                intSetting(context, Setting.ARGON2_ITERATIONS, min.iterations(), KdfParams.MAX_ITERATIONS),
                intSetting(context, Setting.ARGON2_PARALLELISM, min.parallelism(), KdfParams.MAX_PARALLELISM));
        if (!p.readable()) {
            throw new ConfigurationException("The Argon2id parameters " + p + " do not fit together: memory "
                    + "must be at least 8 KiB per lane, and memory times iterations at most " + KdfParams.MAX_WORK_KIB
                    + " KiB (256 MiB-passes).");
        }
        return p;
    }

    private static int intSetting(ProviderContext context, Setting setting, int min, int max) {
        Optional<Long> value = context.wholeNumber(setting);
        if (value.isEmpty()) {
            return min;
        }
        if (value.get() < min || value.get() > max) {
            throw new ConfigurationException("The system property " + setting + " must be between " + min
                    + " (OWASP's minimum) and " + max + "; it is " + value.get() + ".");
        }
        return value.get().intValue();
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
