package io.github.inatauth.keyring.internal;

import io.github.inatauth.internal.shared.TokenTimes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.inatauth.spi.Token;
import java.util.Optional;

/**
 * Fuzz target for the text of a keyring token entry. {@code mvn verify} replays the corpus in
 * {@code src/test/resources/io/github/inatauth/keyring/internal/TokenCodecFuzzTestInputs/decode/};
 * {@code JAZZER_FUZZ=1} searches for new inputs (README, "Fuzzing"). Whatever the text, decoding
 * gives a token with plausible times that encodes back to a text decoding to the same token, or
 * nothing (a damaged entry, which the store treats as absent); it never throws.
 */
class TokenCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decode(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Optional<Token> token = TokenCodec.decode(text);
        token.ifPresent(t -> {
            assertThat(TokenTimes.isPlausible(t.obtainedAt())).isTrue();
            t.expiry().ifPresent(exp -> assertThat(TokenTimes.isPlausible(exp)).isTrue());
            assertThat(TokenCodec.decode(TokenCodec.encode(t))).contains(t);
        });
    }
}
