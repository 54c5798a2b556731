package io.github.inatauth;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * Puts the token into your own requests to iNaturalist's API, for endpoints inat-auth does not wrap,
 * and answers a 401 the way pyinaturalist's client does: drop the token, get a new one (one refresh
 * however many requests see the 401), and send the request again, once.
 *
 * <pre>{@code
 * AuthorizedRequests requests = AuthorizedRequests.of(auth);
 * HttpRequest request = HttpRequest.newBuilder(URI.create("https://api.inaturalist.org/v1/users/me")).build();
 * HttpResponse<String> response = requests.send(client, request, HttpResponse.BodyHandlers.ofString());
 * }</pre>
 *
 * <p>A request is sent again only if its body can be: no body, or one of the JDK's publishers with
 * a known length ({@code ofString}, {@code ofByteArray}, {@code ofFile}). A second 401 is returned
 * as it is. Needs the {@code java.net.http} module.
 *
 * <p>Only a 401 tells that a token was not taken, and iNaturalist's API sends one only where signing
 * in is required (such as {@code /v1/users/me} or a {@code POST}). Where it is optional (most
 * {@code GET}s, such as {@code /v1/observations}), the API ignores a bad or expired JWT and answers
 * 200 as to an anonymous caller: without the caller's private data (obscured coordinates, its own
 * unpublished records), and with no sign that anything was wrong. Nothing here can notice that case; a
 * caller that needs the signed-in answer should check for it in the body, or ask {@code /v1/users/me}
 * first.
 */
public final class AuthorizedRequests {
    private static final String AUTHORIZATION = "Authorization";

    private final InatAuth auth;
    private final TokenType type;

    private AuthorizedRequests(InatAuth auth, TokenType type) {
        this.auth = Objects.requireNonNull(auth);
        this.type = Objects.requireNonNull(type);
    }

    /**
     * Requests authorized with the JWT, as the iNaturalist API expects.
     *
     * @param auth where the tokens come from
     * @return requests authorized with {@code auth}'s JWT
     */
    public static AuthorizedRequests of(InatAuth auth) {
        return new AuthorizedRequests(auth, TokenType.JWT);
    }

    /**
     * Requests authorized with the given kind of token (the OAuth token for the site's own endpoints).
     *
     * @param auth where the tokens come from
     * @param type which of its tokens
     * @return requests authorized with that token
     */
    public static AuthorizedRequests of(InatAuth auth, TokenType type) {
        return new AuthorizedRequests(auth, type);
    }

    /**
     * Sets {@code Authorization: Bearer <token>} on {@code builder}, replacing any value there.
     *
     * @param builder a request being built
     * @return {@code builder}
     * @throws InatAuthException when no token can be had
     */
    public HttpRequest.Builder authorize(HttpRequest.Builder builder) {
        return builder.setHeader(AUTHORIZATION, "Bearer " + auth.accessToken(type));
    }

    /**
     * Sends {@code request} authorized; on a 401, refreshes the token and sends it once more.
     *
     * @param <T> the type of the response body
     * @param client the client that sends it
     * @param request the request; any {@code Authorization} header in it is replaced
     * @param handler what to make of the response body
     * @return the response; a 401 only when the new token was refused too, or the body could not be sent again
     * @throws IOException as {@link HttpClient#send} throws it
     * @throws InterruptedException when interrupted while waiting for the response
     * @throws InatAuthException when no token can be had
     */
    public <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        String token = auth.accessToken(type);
        HttpResponse<T> response = client.send(withToken(request, token), handler);
        if (response.statusCode() != 401 || !canSendAgain(request)) {
            return response;
        }
        auth.invalidate(token);
        return client.send(withToken(request, auth.accessToken(type)), handler);
    }

    /**
     * Like {@link #send}, without blocking the caller: the token comes from
     * {@link InatAuth#accessTokenAsync(TokenType)} (at once when it is cached; a cold cache is filled on
     * inat-auth's own threads); dropping a refused token runs on the client's executor or the common pool.
     *
     * @param <T> the type of the response body
     * @param client the client that sends it
     * @param request the request; any {@code Authorization} header in it is replaced
     * @param handler what to make of the response body
     * @return the response, as with {@link #send}; it completes exceptionally with the
     *         {@link InatAuthException} when no token can be had
     */
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpClient client, HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return auth.accessTokenAsync(type).thenCompose(token -> client.sendAsync(withToken(request, token), handler)
                .thenCompose(response -> {
                    if (response.statusCode() != 401 || !canSendAgain(request)) {
                        return CompletableFuture.completedFuture(response);
                    }
                    return CompletableFuture.runAsync(() -> auth.invalidate(token),
                                    client.executor().orElse(ForkJoinPool.commonPool()))
                            .thenCompose(dropped -> auth.accessTokenAsync(type))
                            .thenCompose(fresh -> client.sendAsync(withToken(request, fresh), handler));
                }));
    }

    private static HttpRequest withToken(HttpRequest request, String token) {
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase(AUTHORIZATION))
                .header(AUTHORIZATION, "Bearer " + token).build();
    }

    /** Whether the body can be sent a second time: none, or a JDK publisher of known length over data it keeps. */
    static boolean canSendAgain(HttpRequest request) {
        return request.bodyPublisher().map(p -> p.getClass().getModule() == HttpRequest.class.getModule()
                && p.contentLength() >= 0 && !p.getClass().getName().endsWith("PublisherAdapter")).orElse(true);
    }
}
