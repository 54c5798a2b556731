package io.github.inatauth.keyring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.Secret;
import io.github.inatauth.spi.Token;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenCodecTest {

    @Test
    void encode_jwt_isReadableTextThatDecodesToTheSameToken() {
        Token token = new Token(Secret.of("a.b.c"), Instant.parse("2026-11-27T20:00:00.123Z"),
                Instant.parse("2026-11-28T20:00:00Z"));

        String text = TokenCodec.encode(token);

        assertThat(text).isEqualTo("inat-auth token 1\nobtained_at=2026-11-27T20:00:00.123Z\n"
                + "expires_at=2026-11-28T20:00:00Z\ntoken=a.b.c");
        assertThat(TokenCodec.decode(text)).contains(token);
    }

    @Test
    void decode_withoutExpiry_isAnOAuthToken() {
        assertThat(TokenCodec.decode("inat-auth token 1\nobtained_at=2026-11-27T20:00:00Z\ntoken=xyz"))
                .hasValueSatisfying(t -> assertThat(t.expiresAt()).isNull());
    }

    @Test
    void decode_foreignOrDamagedText_isEmpty() {
        assertThat(TokenCodec.decode("just-a-token")).isEmpty();
        assertThat(TokenCodec.decode("inat-auth token 2\nobtained_at=2026-11-27T20:00:00Z\ntoken=x")).isEmpty();
        assertThat(TokenCodec.decode("inat-auth token 1\nobtained_at=yesterday\ntoken=x")).isEmpty();
        assertThat(TokenCodec.decode("inat-auth token 1\nobtained_at=2026-11-27T20:00:00Z\n")).isEmpty();
        assertThat(TokenCodec.decode("inat-auth token 1\ntoken=x")).isEmpty();
        assertThat(TokenCodec.decode("inat-auth token 1\nobtained_at=2026-11-27T20:00:00Z\ntoken=")).isEmpty();
    }

    /** Times that parse but that no token has: the entry is damaged, so the store treats it as absent. */
    @Test
    void decode_timeOutsideTheTokenRange_isEmpty() {
        for (String time : new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"}) {
            assertThat(TokenCodec.decode("inat-auth token 1\nobtained_at=2026-11-27T20:00:00Z\nexpires_at=" + time
                    + "\ntoken=a.b.c")).as(time).isEmpty();
            assertThat(TokenCodec.decode("inat-auth token 1\nobtained_at=" + time + "\ntoken=xyz")).as(time).isEmpty();
        }
        assertThat(TokenCodec.decode("inat-auth token 1\nobtained_at=2026-11-27T20:00:00Z\n"
                + "expires_at=9999-12-31T23:59:59Z\ntoken=a.b.c")).isPresent();
    }

    @Test
    void decode_tokenThatIsNotABearerToken_isEmpty() {
        String head = "inat-auth token 1\nobtained_at=2026-11-27T20:00:00Z\ntoken=";
        assertThat(TokenCodec.decode(head + "eyJ.a.b\nX-Injected: 1")).isEmpty();
        assertThat(TokenCodec.decode(head + "tab\there")).isEmpty();
        assertThat(TokenCodec.decode(head + "x".repeat(5000))).isEmpty();
        assertThat(TokenCodec.decode(head + "eyJ.a.b")).isPresent();
    }
}
