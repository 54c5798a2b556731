package io.github.inatauth.keyring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;
import io.github.inatauth.StoreException;
import io.github.inatauth.TokenType;
import io.github.inatauth.keyring.internal.secretservice.SecretServiceFixture;
import io.github.inatauth.spi.CredentialSource.Result;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sentinel secrets go through every path and never show in a toString, message or stack trace. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecretLeakTest {

    private static final String PASSWORD = "SENTINEL-PASSWORD-7d1f";
    private static final String APP_SECRET = "SENTINEL-APP-SECRET-93ab";
    private static final String TOKEN = "SENTINEL-TOKEN-55c2";

    @Test
    void sourceAndStore_successAndFailure_neverShowASecret() {
        SecretServiceFixture fixture = SecretServiceFixture.require();
        List<String> seen = new ArrayList<>();
        String lockPassword = "SENTINEL-COLLECTION-PASSWORD";
        String collection = fixture.createCollection(lockPassword);
        ProviderContext context = SecretServiceFixture.withCollection(collection);
        KeyringCredentialSource source = new KeyringCredentialSource();
        TokenKey key = new TokenKey("https://www.inaturalist.org", "app", "leak-user", TokenType.JWT);
        try {
            source.save(context, Credentials.of("leak-user", PASSWORD, "app", APP_SECRET));
            Result result = source.read(context);
            seen.add(result.toString());
            try (TokenStore store = new KeyringTokenStoreProvider().open(context)) {
                store.save(key, new Token(Secret.of(TOKEN), Instant.now(), null));
                seen.add(store.toString());
                seen.add(store.list().toString());
                seen.add(store.load(key).toString());
                fixture.lock(collection);
                for (Runnable failing : List.<Runnable>of(() -> source.read(context), () -> store.load(key),
                        () -> store.save(key, new Token(Secret.of(TOKEN), Instant.now(), null)),
                        () -> source.save(context, Credentials.of("leak-user", PASSWORD, "app", APP_SECRET)))) {
                    try {
                        failing.run();
                        seen.add("no failure");
                    } catch (StoreException e) {
                        StringWriter trace = new StringWriter();
                        e.printStackTrace(new PrintWriter(trace));
                        seen.add(trace.toString());
                    }
                }
            }
        } finally {
            if (fixture.isLocked(collection)) {
                fixture.unlock(collection, lockPassword);
            }
            fixture.close();
        }

        assertThat(seen).hasSize(8).noneMatch(text -> text.contains(PASSWORD) || text.contains(APP_SECRET)
                || text.contains(TOKEN) || text.contains(lockPassword));
        assertThat(seen.subList(4, 8)).allMatch(text -> text.contains("LOCKED") || text.contains("locked"));
    }
}
