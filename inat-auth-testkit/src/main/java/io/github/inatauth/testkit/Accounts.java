package io.github.inatauth.testkit;

import io.github.inatauth.Secret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's state: users, apps, and the OAuth tokens, JWTs and authorization codes issued to
 * them. Safe for concurrent use.
 *
 * <p>OAuth tokens are revoked one by one ({@code /oauth/revoke}) or all of a user's at once by
 * generations: each user has a counter, each token remembers the counter's value when it was issued,
 * and a token is good only while the two are equal and it was not revoked itself. JWTs are as
 * iNaturalist's: signed claims ({@code user_id}, {@code oauth_application_id}, {@code exp}) and
 * nothing kept on the server, so that nothing revokes one before its {@code exp}.
 */
final class Accounts {

    /** A user; {@code email} may be null, {@code suspendedUntil} holds null unless suspended. */
    record User(long id, String login, String email, Secret password, AtomicInteger generation,
                AtomicReference<Instant> suspendedUntil) {
    }

    record App(long id, String appId, Secret secret) {
    }

    /** Who a token was issued to, with which scopes, in which generation of that user; and whether it was revoked itself. */
    record Issued(String username, String appId, Set<String> scopes, int generation, AtomicBoolean revoked) {
    }

    record AuthorizationCode(String appId, String username, String redirectUri, Set<String> scopes, String challenge,
                             String challengeMethod, Instant expiresAt) {
    }

    /** A JWT and its {@code exp} claim in epoch seconds. */
    record SignedJwt(String token, long expiresAt) {
    }

    /** iNaturalist's scopes: Doorkeeper's {@code default_scopes :write, :login}, which every app has. */
    static final Set<String> DEFAULT_SCOPES = Set.of("write", "login");

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

    void addUser(String username, String email, String password) {
        Secret secret = Secret.of(password);
        users.compute(username, (name, old) -> old == null
                ? new User(nextUserId.getAndIncrement(), name, email, secret, new AtomicInteger(), new AtomicReference<>())
                : new User(old.id(), name, email != null ? email : old.email(), secret, old.generation(),
                        old.suspendedUntil()));
    }

    /** Suspends the user until {@code until} (null: lifts it) and, as iNaturalist does, revokes the user's OAuth tokens. */
    void suspend(String username, Instant until) {
        User user = user(username);
        user.suspendedUntil().set(until);
        if (until != null) {
            user.generation().incrementAndGet();
        }
    }

    /** The end of the user's suspension, or {@code null} when the user is not suspended now. */
    Instant suspendedUntil(User user) {
        Instant until = user.suspendedUntil().get();
        return until != null && until.isAfter(clock.instant()) ? until : null;
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

    /**
     * The user when the password is right; else {@code null}. As iNaturalist's
     * {@code find_for_authentication}: {@code username} is the login or the email, in any case.
     */
    User authenticate(String username, String password) {
        if (username == null) {
            return null;
        }
        String wanted = username.toLowerCase(Locale.ROOT);
        User user = users.values().stream()
                .filter(u -> u.login().toLowerCase(Locale.ROOT).equals(wanted)
                        || (u.email() != null && u.email().toLowerCase(Locale.ROOT).equals(wanted)))
                .findFirst().orElse(null);
        return user != null && user.password().matches(password) ? user : null;
    }

    /** The app, or {@code null}. */
    App app(String appId) {
        return appId == null ? null : apps.get(appId);
    }

    /** The app with this numeric id (a JWT's {@code oauth_application_id}), or {@code null}. */
    App appById(long id) {
        return apps.values().stream().filter(a -> a.id() == id).findFirst().orElse(null);
    }

    /** The user with this numeric id (a JWT's {@code user_id}), or {@code null}. */
    User userById(long id) {
        return users.values().stream().filter(u -> u.id() == id).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- OAuth tokens

    String issueAccessToken(User user, App app) {
        return issueAccessToken(user, app, DEFAULT_SCOPES);
    }

    String issueAccessToken(User user, App app, Set<String> scopes) {
        String token = randomToken();
        accessTokens.put(token, new Issued(user.login(), app.appId(), Set.copyOf(scopes), user.generation().get(),
                new AtomicBoolean()));
        return token;
    }

    /** Revokes one OAuth token. */
    void revoke(Issued issued) {
        issued.revoked().set(true);
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
        return user != null && user.generation().get() == issued.generation() && !issued.revoked().get();
    }

    User userOf(Issued issued) {
        return users.get(issued.username());
    }

    // ---------------------------------------------------------------- JWTs

    /** A JWT for the user; with an app as {@code /users/api_token} gives it for an OAuth token, without as the web page shows it. */
    SignedJwt issueJwt(User user, App app) {
        return issueJwt(user, app, now());
    }

    /**
     * A JWT issued at {@code now} (epoch seconds on the server's clock). Its payload is exactly
     * iNaturalist's: {@code user_id}, {@code oauth_application_id} (only with an app) and {@code exp};
     * two JWTs of one user and app issued in the same second are the same string.
     */
    SignedJwt issueJwt(User user, App app, long now) {
        long expiresAt = now + jwtLifetime.toSeconds();
        Json.ObjectWriter claims = Json.object().put("user_id", user.id());
        if (app != null) {
            claims.put("oauth_application_id", app.id());
        }
        return new SignedJwt(jwt.sign(claims.put("exp", expiresAt).build()), expiresAt);
    }

    /** A new JWT for the user (and app) of a valid JWT; {@code null} for an expired or forged one. */
    SignedJwt renewJwt(String token) {
        Map<String, String> claims = validClaims(token);
        if (claims == null) {
            return null;
        }
        String appId = claims.get("oauth_application_id");
        App app = appId == null ? null : appById(Long.parseLong(appId));
        return issueJwt(userById(Long.parseLong(claims.get("user_id"))), app);
    }

    /**
     * The user of a JWT that this server signed and that has not expired; else {@code null}. Nothing
     * else is checked, as iNaturalist keeps no record of its JWTs: revoking the user's OAuth tokens,
     * a new password or a suspension leave a JWT good until its {@code exp}.
     */
    User userOfJwt(String token) {
        Map<String, String> claims = validClaims(token);
        return claims == null ? null : userById(Long.parseLong(claims.get("user_id")));
    }

    /** The claims of a JWT this server signed, with a numeric {@code user_id} of a user it knows, before its {@code exp}; else {@code null}. */
    private Map<String, String> validClaims(String token) {
        Map<String, String> claims = token == null ? null : jwt.verify(token);
        if (claims == null) {
            return null;
        }
        try {
            String appId = claims.get("oauth_application_id");
            if (Long.parseLong(claims.get("exp")) <= now() || userById(Long.parseLong(claims.get("user_id"))) == null
                    || (appId != null && appById(Long.parseLong(appId)) == null)) {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return claims;
    }

    // ---------------------------------------------------------------- authorization codes

    String issueCode(App app, User user, String redirectUri, Set<String> scopes, String challenge, String challengeMethod) {
        String code = randomToken();
        codes.put(code, new AuthorizationCode(app.appId(), user.login(), redirectUri, Set.copyOf(scopes), challenge,
                challengeMethod,
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
