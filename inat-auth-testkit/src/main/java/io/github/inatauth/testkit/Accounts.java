package io.github.inatauth.testkit;

import io.github.inatauth.Secret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's state: users, apps, and the OAuth tokens, JWTs and authorization codes issued to
 * them. Safe for concurrent use.
 *
 * <p>Revocation works by generations: each user has a counter, each token remembers the counter's
 * value when it was issued, and a token is good only while the two are equal.
 */
final class Accounts {

    record User(long id, String login, Secret password, AtomicInteger generation) {
    }

    record App(long id, String appId, Secret secret) {
    }

    /** Who a token was issued to, and in which generation of that user. */
    record Issued(String username, String appId, int generation) {
    }

    record AuthorizationCode(String appId, String username, String redirectUri, String challenge,
                             String challengeMethod, Instant expiresAt) {
    }

    /** A JWT and its {@code exp} claim in epoch seconds. */
    record SignedJwt(String token, long expiresAt) {
    }

    /** Doorkeeper's default lifetime of an authorization code. */
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    private final SecureRandom random = new SecureRandom();
    private final Jwt jwt = new Jwt(random);
    private volatile Clock clock;
    private volatile Duration jwtLifetime;

    private final AtomicLong nextUserId = new AtomicLong(1);
    private final AtomicLong nextAppId = new AtomicLong(1);
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Issued> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Issued> jwtIds = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();

    Accounts(Clock clock, Duration jwtLifetime) {
        this.clock = clock;
        this.jwtLifetime = jwtLifetime;
    }

    Clock clock() {
        return clock;
    }

    void clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void jwtLifetime(Duration lifetime) {
        this.jwtLifetime = lifetime;
    }

    byte[] jwtKey() {
        return jwt.key();
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    // ---------------------------------------------------------------- users and apps

    void addUser(String username, String password) {
        Secret secret = Secret.of(password);
        users.compute(username, (name, old) -> old == null
                ? new User(nextUserId.getAndIncrement(), name, secret, new AtomicInteger())
                : new User(old.id(), name, secret, old.generation()));
    }

    void addApp(String appId, String appSecret) {
        Secret secret = Secret.of(appSecret);
        apps.compute(appId, (id, old) -> new App(old == null ? nextAppId.getAndIncrement() : old.id(), id, secret));
    }

    /** The user, or an error that says how to add one. */
    User user(String username) {
        User user = users.get(Objects.requireNonNull(username, "username"));
        if (user == null) {
            throw new IllegalArgumentException("no such user: " + username + " (add it with addUser)");
        }
        return user;
    }

    /** The user when the password is right; else {@code null}. */
    User authenticate(String username, String password) {
        User user = username == null ? null : users.get(username);
        return user != null && user.password().matches(password) ? user : null;
    }

    /** The app, or {@code null}. */
    App app(String appId) {
        return appId == null ? null : apps.get(appId);
    }

    // ---------------------------------------------------------------- OAuth tokens

    String issueAccessToken(User user, App app) {
        String token = randomToken();
        accessTokens.put(token, new Issued(user.login(), app.appId(), user.generation().get()));
        return token;
    }

    /** Revokes every token issued so far to the user. */
    void revokeAll(String username) {
        user(username).generation().incrementAndGet();
    }

    /** Whom an OAuth token was issued to (revoked or not), or {@code null} for a token never issued. */
    Issued accessToken(String token) {
        return token == null ? null : accessTokens.get(token);
    }

    /** Whether an issued token is still good. */
    boolean isCurrent(Issued issued) {
        User user = users.get(issued.username());
        return user != null && user.generation().get() == issued.generation();
    }

    User userOf(Issued issued) {
        return users.get(issued.username());
    }

    // ---------------------------------------------------------------- JWTs

    /** A JWT for the user; with an app as {@code /users/api_token} gives it for an OAuth token, without as the web page shows it. */
    SignedJwt issueJwt(User user, App app) {
        return issueJwt(user, app, now());
    }

    /** A JWT issued at {@code now} (epoch seconds on the server's clock). */
    SignedJwt issueJwt(User user, App app, long now) {
        long expiresAt = now + jwtLifetime.toSeconds();
        String jti = randomToken();
        jwtIds.put(jti, new Issued(user.login(), app == null ? null : app.appId(), user.generation().get()));
        Json.ObjectWriter claims = Json.object().put("user_id", user.id());
        if (app != null) {
            claims.put("oauth_application_id", app.id());
        }
        String token = jwt.sign(claims.put("iat", now).put("exp", expiresAt).put("jti", jti).build());
        return new SignedJwt(token, expiresAt);
    }

    /** A new JWT for the user (and app) of a valid JWT; {@code null} for an expired, revoked or forged one. */
    SignedJwt renewJwt(String token) {
        User user = userOfJwt(token);
        if (user == null) {
            return null;
        }
        Issued issued = jwtIds.get(jwt.verify(token).get("jti"));
        return issueJwt(user, issued.appId() == null ? null : apps.get(issued.appId()));
    }

    /** The user of a JWT that this server signed, that has not expired and was not revoked; else {@code null}. */
    User userOfJwt(String token) {
        Map<String, String> claims = jwt.verify(token);
        if (claims == null) {
            return null;
        }
        Issued issued = claims.get("jti") == null ? null : jwtIds.get(claims.get("jti"));
        try {
            if (issued == null || !isCurrent(issued) || Long.parseLong(claims.get("exp")) <= now()) {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return userOf(issued);
    }

    // ---------------------------------------------------------------- authorization codes

    String issueCode(App app, User user, String redirectUri, String challenge, String challengeMethod) {
        String code = randomToken();
        codes.put(code, new AuthorizationCode(app.appId(), user.login(), redirectUri, challenge, challengeMethod,
                clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /** A code that has not expired nor been used, or {@code null}. */
    AuthorizationCode code(String code) {
        AuthorizationCode grant = code == null ? null : codes.get(code);
        return grant != null && clock.instant().isBefore(grant.expiresAt()) ? grant : null;
    }

    /** Uses a code up; false when another request used it first. */
    boolean useUp(String code, AuthorizationCode grant) {
        return codes.remove(code, grant);
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
