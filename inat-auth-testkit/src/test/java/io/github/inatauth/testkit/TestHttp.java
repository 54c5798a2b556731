package io.github.inatauth.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A real java.net.http client against the test server, as the library's users drive it. */
final class TestHttp {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final InatTestServer server;

    TestHttp(InatTestServer server) {
        this.server = server;
    }

    URI uri(String pathAndQuery) {
        return URI.create(server.baseUrl() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return post(path, "application/json", json);
    }

    HttpResponse<String> postForm(String path, String form) throws IOException, InterruptedException {
        return post(path, "application/x-www-form-urlencoded", form);
    }

    /** A password grant as pyinaturalist sends it (JSON body). */
    HttpResponse<String> passwordGrant(String username, String password, String appId, String appSecret)
            throws IOException, InterruptedException {
        return postJson("/oauth/token", Json.object().put("grant_type", "password").put("client_id", appId)
                .put("client_secret", appSecret).put("username", username).put("password", password).build());
    }

    /** The access token of a successful password grant with the default credentials. */
    String defaultAccessToken() throws IOException, InterruptedException {
        HttpResponse<String> response = passwordGrant(InatTestServer.DEFAULT_USERNAME, InatTestServer.DEFAULT_PASSWORD,
                InatTestServer.DEFAULT_APP_ID, InatTestServer.DEFAULT_APP_SECRET);
        return member(response, 200, "access_token");
    }

    /** The JWT that /users/api_token gives for an access token. */
    String jwtFor(String accessToken) throws IOException, InterruptedException {
        return member(get("/users/api_token", "Authorization", "Bearer " + accessToken), 200, "api_token");
    }

    static String member(HttpResponse<String> response, int expectedStatus, String name) {
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError("expected " + expectedStatus + " but got " + response.statusCode());
        }
        return Json.parseFlatObject(response.body()).get(name);
    }

    /** The claims of a JWT, after checking its HS512 signature with the given key. */
    static Map<String, String> verifiedClaims(String jwt, byte[] key) throws Exception {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("a JWT has three parts");
        }
        Map<String, String> header = Json.parseFlatObject(decode(parts[0]));
        if (!"HS512".equals(header.get("alg"))) {
            throw new AssertionError("alg is " + header.get("alg"));
        }
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(key, "HmacSHA512"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!java.security.MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
            throw new AssertionError("bad signature");
        }
        return Json.parseFlatObject(decode(parts[1]));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
