package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.ServerUrls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The small rules under the transport: loopback hosts, printable URLs, Retry-After, Cache-Control. */
class HttpRulesTest {

    @Test
    void isLoopback_loopbackLiterals_true() {
        assertThat(Urls.isLoopback("localhost")).isTrue();
        assertThat(Urls.isLoopback("LOCALHOST")).isTrue();
        assertThat(Urls.isLoopback("127.0.0.1")).isTrue();
        assertThat(Urls.isLoopback("127.255.3.4")).isTrue();
        assertThat(Urls.isLoopback("[::1]")).isTrue();
        assertThat(Urls.isLoopback("[0:0:0:0:0:0:0:1]")).isTrue();
    }

    @Test
    void isLoopback_otherHosts_false() {
        assertThat(Urls.isLoopback("128.0.0.1")).isFalse();
        assertThat(Urls.isLoopback("127.0.0.1.example.org")).isFalse();
        assertThat(Urls.isLoopback("localhost.example.org")).isFalse();
        assertThat(Urls.isLoopback("127.0.0.256")).isFalse();
        assertThat(Urls.isLoopback("[::2]")).isFalse();
        assertThat(Urls.isLoopback("example.org")).isFalse();
    }

    @Test
    void requireSecure_httpsOrLoopbackHttp_accepted() {
        assertThat(Urls.requireSecure(URI.create("https://www.inaturalist.org"), "x")).isNotNull();
        assertThat(Urls.requireSecure(URI.create("http://127.0.0.1:8080/a"), "x")).isNotNull();
        assertThat(Urls.requireSecure(URI.create("http://[::1]:8080/a"), "x")).isNotNull();
    }

    @Test
    void requireSecure_plainHttpElsewhereOrOtherScheme_refused() {
        assertThatThrownBy(() -> Urls.requireSecure(URI.create("http://www.inaturalist.org"), "base URL"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("base URL");
        assertThatThrownBy(() -> Urls.requireSecure(URI.create("ftp://host/x"), "x")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> Urls.requireSecure(URI.create("file:///etc/passwd"), "x")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void display_userInfoAndQuery_dropped() {
        assertThat(ServerUrls.display(URI.create("https://user:pw@vault.example:8200/v1/secret?token=abc#f")))
                .isEqualTo("https://vault.example:8200/v1/secret");
    }

    @Test
    void parseRetryAfter_secondsOrHttpDate_givesTheWait() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
        assertThat(HttpTransport.parseRetryAfter("7", clock)).contains(Duration.ofSeconds(7));
        assertThat(HttpTransport.parseRetryAfter("Fri, 27 Nov 2026 12:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(HttpTransport.parseRetryAfter("Fri, 27 Nov 2026 11:00:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(HttpTransport.parseRetryAfter("soon", clock)).isEmpty();
        assertThat(HttpTransport.parseRetryAfter("-3", clock)).isEmpty();
    }

    @Test
    void quote_textHoldingASecret_withheld() {
        Request r = Request.get(URI.create("https://x.example/a"), io.github.inatauth.Secret.of("Bearer tok123456"), "a", "h");
        assertThat(r.quote("your token tok123456 is bad", 100)).isEqualTo("(text withheld)");
        assertThat(r.quote("line one\nline two", 100)).isEqualTo("line one line two");
        assertThat(r.quote("abcdef", 3)).isEqualTo("abc...");
    }

    @Test
    void serverClock_dateHeader_readOrIgnored() {
        assertThat(ServerClock.parseDate("Wed, 02 Dec 2026 13:00:00 GMT")).contains(Instant.parse("2026-12-02T13:00:00Z"));
        assertThat(ServerClock.parseDate("yesterday")).isEmpty();
        assertThat(ServerClock.parseDate("Wed, 02 Dec 99999 13:00:00 GMT")).isEmpty();
        assertThat(ServerClock.parseDate("")).isEmpty();
    }

    @Test
    void serverClock_reading_movesServerTimesToThisMachine() {
        Instant local = Instant.parse("2026-12-03T13:00:00Z");
        ServerClock.Reading ahead = new ServerClock.Reading(local, Duration.ofDays(-1));
        assertThat(ahead.serverNow()).isEqualTo(Instant.parse("2026-12-02T13:00:00Z"));
        assertThat(ahead.toLocal(Instant.parse("2026-12-03T13:00:00Z"))).isEqualTo(Instant.parse("2026-12-04T13:00:00Z"));
        assertThat(ahead.isLarge()).isTrue();
        ServerClock.Reading unknown = new ServerClock.Reading(local, null);
        assertThat(unknown.serverNow()).isEqualTo(local);
        assertThat(unknown.toLocal(local)).isEqualTo(local);
        assertThat(unknown.isLarge()).isFalse();
        assertThat(ServerClock.describe(Duration.ofSeconds(-42))).isEqualTo("about 42 seconds");
        assertThat(ServerClock.describe(Duration.ofMinutes(7))).isEqualTo("about 7 minutes");
        assertThat(ServerClock.describe(Duration.ofHours(-24).minusMinutes(10))).isEqualTo("about 24 hours");
    }
}
