package io.github.inatauth.filestore.internal;

import io.github.inatauth.internal.shared.TokenTimes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzz targets for the encrypted files' header and plaintext. {@code mvn verify} replays the corpus in
 * {@code src/test/resources/io/github/inatauth/filestore/internal/FileFormatFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} searches for new inputs (README, "Fuzzing"). Whatever the bytes: a header within
 * the format's range that encodes back to the same bytes, or DAMAGED / UNSUPPORTED_VERSION; tokens with
 * plausible times, or DAMAGED. {@link HeaderPropertyTest} covers the same ground with seeded random bytes.
 */
class FileFormatFuzzTest {
    private static final StoreFile TOKENS = new StoreFile(Path.of("/nowhere/tokens.enc"), Content.TOKENS);
    private static final StoreFile CREDENTIALS = new StoreFile(Path.of("/nowhere/credentials.enc"), Content.CREDENTIALS);

    @FuzzTest(maxDuration = "60s")
    void header(byte[] file) {
        try {
            Header h = Header.parse(file, TOKENS);
            assertThat(h.encode()).isEqualTo(Arrays.copyOf(file, h.length()));
            if (h.kdf() == Kdf.ARGON2ID) {
                assertThat(h.params().readable()).as("Argon2id parameters within the range").isTrue();
            }
        } catch (StoreException e) {
            assertThat(e.kind()).isIn(Kind.DAMAGED, Kind.UNSUPPORTED_VERSION);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void tokens(byte[] plaintext) {
        try {
            Payloads.decodeTokens(plaintext, TOKENS).values().forEach(t -> {
                assertThat(TokenTimes.isPlausible(t.obtainedAt())).isTrue();
                t.expiry().ifPresent(exp -> assertThat(TokenTimes.isPlausible(exp)).isTrue());
            });
        } catch (StoreException e) {
            assertThat(e.kind()).isEqualTo(Kind.DAMAGED);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void credentials(byte[] plaintext) {
        try {
            Payloads.decodeCredentials(plaintext, CREDENTIALS);
        } catch (StoreException e) {
            assertThat(e.kind()).isEqualTo(Kind.DAMAGED);
        }
    }
}
