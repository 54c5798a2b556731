package io.github.inatauth.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The key derivation the file store does once per process when it has a passphrase: Argon2id with
 * its default parameters (OWASP's minimum: m = 19 MiB, t = 2, p = 1), on Bouncy Castle as the store
 * does. The store keeps the key for the rest of the process, so {@link StoreBenchmark} does not see
 * this cost; a new process's first read is this plus {@code StoreBenchmark.openAndLoad}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Argon2idBenchmark {

    private final byte[] passphrase = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    private final byte[] salt = new byte[16];

    @Benchmark
    public byte[] deriveKey() {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt)
                .withMemoryAsKB(19 * 1024).withIterations(2).withParallelism(1).build());
        byte[] key = new byte[32];
        generator.generateBytes(passphrase, key);
        return key;
    }
}
