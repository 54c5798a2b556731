package io.github.inatauth.bench;

import io.github.inatauth.Secret;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.spi.TokenStoreProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Token store latency: one load and one save of a JWT, as the cache does them on a miss and after a
 * fetch. {@code file-key}: the file store with a key file; {@code file-passphrase}: with a
 * passphrase, the Argon2id key already derived (the instance is reused); {@code openAndLoad} with
 * {@code file-passphrase} is what a new process pays: open, derive the key, decrypt. {@code keyring}
 * needs a Secret Service (run inside {@code .ci/with-keyring}); without one its setup fails and
 * JMH goes on with the rest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {

    @Param({"memory", "file-key", "file-passphrase", "keyring"})
    public String store;

    private Path home;
    private ProviderContext context;
    private TokenStoreProvider factory;
    private TokenStore opened;
    private final TokenKey key = new TokenKey("https://www.inaturalist.org", "bench-app", "bench-user", TokenType.JWT);
    private Token token;

    @Setup(Level.Trial)
    public void open() throws IOException {
        home = Files.createTempDirectory("inat-bench-store");
        Map<String, String> env = new HashMap<>();
        env.put(Setting.HOME.displayName(), home.resolve("store").toString());
        if (store.equals("file-key")) {
            Path keyFile = home.resolve("key");
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            Files.write(keyFile, bytes);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            env.put(Setting.KEY_FILE.displayName(), keyFile.toString());
        } else if (store.equals("file-passphrase")) {
            env.put(Setting.PASSPHRASE.displayName(), "correct horse battery staple");
        }
        // anything else (D-Bus session address, XDG folders) from the real environment
        context = ProviderContext.builder().environment(name -> env.getOrDefault(name, System.getenv(name))).build();
        String id = store.startsWith("file") ? "file" : store;
        factory = ServiceLoader.load(TokenStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no token store '" + id + "' on the class path"));
        opened = factory.open(context);
        Instant now = Instant.now();
        token = Token.jwt(Secret.of(FixedIssuer.jwt(now.plus(Duration.ofHours(24)))), now);
        opened.save(key, token); // every load finds a token
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        opened.delete(key);
        opened.close();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Benchmark
    public Optional<Token> load() {
        return opened.load(key);
    }

    @Benchmark
    public void save() {
        opened.save(key, token);
    }

    /** A new process's first read: open the store and load (with a passphrase: Argon2id included). */
    @Benchmark
    public Optional<Token> openAndLoad() {
        TokenStore fresh = factory.open(context);
        try {
            return fresh.load(key);
        } finally {
            fresh.close();
        }
    }
}
