package io.github.inatauth.bench;

import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare HTTP issuer for the testkit, used only while the real one (module io.github.inatauth.http)
 * is not on the class path: no retries, no limits, JSON read with a pattern. The figures it gives
 * are the engine's (single flight, phases), not the real transport's.
 */
final class LoopbackIssuer implements TokenIssuer {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern API_TOKEN = Pattern.compile("\"api_token\"\\s*:\\s*\"([^\"]+)\"");

    private final URI baseUrl;
    private final HttpClient client;

    LoopbackIssuer() {
        this(null);
    }

    private LoopbackIssuer(URI baseUrl) {
        this.baseUrl = baseUrl;
        this.client = baseUrl == null ? null : HttpClient.newHttpClient();
    }

    @Override
    public TokenIssuer open(ProviderContext context) {
        return new LoopbackIssuer(context.baseUrl());
    }

    @Override
    public Token passwordGrant(Credentials c) {
        String form = "grant_type=password&client_id=" + enc(c.appId()) + "&client_secret=" + enc(c.appSecret().reveal())
                + "&username=" + enc(c.username()) + "&password=" + enc(c.password().reveal());
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return new Token(Secret.of(field(send(request), ACCESS_TOKEN)), Instant.now(), null);
    }

    @Override
    public Token exchangeForJwt(Secret oauthToken) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/users/api_token"))
                .header("Authorization", "Bearer " + oauthToken.reveal()).GET().build();
        return Token.jwt(Secret.of(field(send(request), API_TOKEN)), Instant.now());
    }

    @Override
    public boolean validate(Secret jwt) {
        return true;
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new ServerException("test server answered " + r.statusCode(), null);
            }
            return r.body();
        } catch (IOException e) {
            throw new ServerException("test server unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException("interrupted", e);
        }
    }

    private static String field(String json, Pattern p) {
        Matcher m = p.matcher(json);
        if (!m.find()) {
            throw new ServerException("no token in the test server's answer", null);
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
