package io.github.inatauth.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.spi.ProviderContext;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** curl's reading of the proxy variables, decided without a network (the proxy itself: ProxyTest). */
class EnvironmentProxyTest {

    private static boolean bypassed(String noProxy, String host, int port) {
        return EnvironmentProxy.NoProxy.parse(noProxy).matches(host, port);
    }

    @Test
    void noProxy_hostSuffixes_leadingDotOptional_caseIgnored() {
        assertThat(bypassed("example.org", "example.org", 443)).isTrue();
        assertThat(bypassed("example.org", "api.EXAMPLE.org", 443)).isTrue();
        assertThat(bypassed(".example.org", "example.org", 443)).isTrue();
        assertThat(bypassed(".example.org", "www.example.org", 443)).isTrue();
        assertThat(bypassed("example.org", "badexample.org", 443)).isFalse();
        assertThat(bypassed("example.org", "example.org.evil.net", 443)).isFalse();
        assertThat(bypassed("inaturalist.org", "www.inaturalist.org.", 443)).isTrue();
    }

    @Test
    void noProxy_listsWithBlanksAndEmptyEntries() {
        assertThat(bypassed(" a.test , ,b.test c.test", "x.c.test", 443)).isTrue();
        assertThat(bypassed(",", "a.test", 443)).isFalse();
        assertThat(bypassed("", "a.test", 443)).isFalse();
    }

    @Test
    void noProxy_starAloneMeansEveryHost() {
        assertThat(bypassed("*", "www.inaturalist.org", 443)).isTrue();
        assertThat(bypassed("a.test,*", "b.test", 443)).isTrue();
        assertThat(bypassed("*.example.org", "other.org", 443)).isFalse();
    }

    @Test
    void noProxy_ports() {
        assertThat(bypassed("example.org:8443", "example.org", 8443)).isTrue();
        assertThat(bypassed("example.org:8443", "example.org", 443)).isFalse();
        assertThat(bypassed("[::1]:8443", "[::1]", 8443)).isTrue();
        assertThat(bypassed("[::1]:8443", "::1", 443)).isFalse();
    }

    @Test
    void noProxy_ipLiteralsAndRanges() {
        assertThat(bypassed("10.1.2.3", "10.1.2.3", 443)).isTrue();
        assertThat(bypassed("10.1.2.3", "10.1.2.4", 443)).isFalse();
        assertThat(bypassed("10.0.0.0/8", "10.200.3.4", 443)).isTrue();
        assertThat(bypassed("10.0.0.0/8", "11.0.0.1", 443)).isFalse();
        assertThat(bypassed("192.168.0.0/16", "192.168.255.1", 443)).isTrue();
        assertThat(bypassed("::1", "[::1]", 443)).isTrue();
        assertThat(bypassed("[fd00::]/8", "[fd12:3456::1]", 443)).isTrue();
        assertThat(bypassed("fd00::/8", "[fe80::1]", 443)).isFalse();
        // an address range says nothing of names, and no name is looked up
        assertThat(bypassed("127.0.0.0/8", "localhost", 443)).isFalse();
        assertThat(bypassed("999.1.1.1", "999.1.1.1", 443)).isTrue(); // not an address: compared as a name
    }

    private static EnvironmentProxy proxy(Map<String, String> env) {
        return EnvironmentProxy.of(ProviderContext.builder().environment(env::get).systemProperties(n -> null).build())
                .orElseThrow();
    }

    @Test
    void select_httpsProxyForHttps_httpProxyForHttp_defaultPort1080() {
        EnvironmentProxy p = proxy(Map.of("HTTPS_PROXY", "http://secure.proxy.test", "http_proxy", "plain.proxy.test:3128"));
        assertThat(p.select(URI.create("https://www.inaturalist.org/oauth/token")))
                .containsExactly(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("secure.proxy.test", 1080)));
        assertThat(p.select(URI.create("http://127.0.0.1:8080/x")))
                .containsExactly(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("plain.proxy.test", 3128)));
    }

    @Test
    void proxyCredentials_decoded_sentOnlyThroughThatProxy_neverShown() {
        EnvironmentProxy p = proxy(Map.of("HTTPS_PROXY", "http://al%40ice:s%3Acret%2Bpw@proxy.test:3128",
                "NO_PROXY", "internal.test"));
        assertThat(p.authorization(URI.create("https://www.inaturalist.org/oauth/token")).orElseThrow().reveal())
                .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("al@ice:s:cret+pw".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(p.authorization(URI.create("https://vault.internal.test/v1/secret"))).isEmpty();
        assertThat(p.authorization(URI.create("http://127.0.0.1:8080/x"))).isEmpty(); // no http proxy
        assertThat(p.toString()).doesNotContain("al@ice").doesNotContain("al%40ice").doesNotContain("cret")
                .contains("proxy.test:3128");
    }
}
