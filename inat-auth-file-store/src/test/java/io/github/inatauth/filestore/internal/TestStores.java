package io.github.inatauth.filestore.internal;

import io.github.inatauth.Secret;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Contexts for tests: an injected environment, never the process's. */
final class TestStores {

    static final String PASSPHRASE = "correct horse battery staple";
    static final TokenKey JWT_KEY = new TokenKey("https://www.inaturalist.org", "app", "alice", TokenType.JWT);
    static final TokenKey OAUTH_KEY = JWT_KEY.withType(TokenType.OAUTH);

    private TestStores() {
    }

    /** A context whose environment is {@code env} and whose system properties are {@code properties} only. */
    static ProviderContext context(Map<String, String> env, Map<String, String> properties) {
        Map<String, String> props = new HashMap<>(properties);
        props.putIfAbsent("user.home", System.getProperty("user.home"));
        props.putIfAbsent("os.name", System.getProperty("os.name"));
        return ProviderContext.builder().environment(env::get).systemProperties(props::get).build();
    }

    static ProviderContext passphraseContext(Path home, String passphrase) {
        return context(Map.of("INAT_AUTH_HOME", home.toString(), "INAT_AUTH_PASSPHRASE", passphrase), Map.of());
    }

    /** Key-file mode: cheap, for tests about something other than the key derivation. */
    static ProviderContext keyFileContext(Path home, Path keyFile) {
        return context(Map.of("INAT_AUTH_HOME", home.toString(), "INAT_AUTH_KEY_FILE", keyFile.toString()), Map.of());
    }

    /** A new random 32-byte key file, mode 0600, seeded for repeatable tests. */
    static Path newKeyFile(Path folder, long seed) throws IOException {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        Path file = folder.resolve("key-" + seed);
        Files.write(file, key);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    static TokenStore open(ProviderContext context) {
        return FileTokenStore.open(context);
    }

    static Token token(String value, Instant obtainedAt, Instant expiresAt) {
        return new Token(Secret.of(value), obtainedAt, expiresAt);
    }
}
