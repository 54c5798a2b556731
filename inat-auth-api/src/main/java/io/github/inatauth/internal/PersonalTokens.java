package io.github.inatauth.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.PersonalTokenReport;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.TokenListener;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.internal.shared.JwtClaims;
import io.github.inatauth.internal.shared.ServerUrls;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A personal API token: the JWT a signed-in user copies from {@code <base URL>/users/api_token}, for
 * the many who have no OAuth app of their own. It stands in for the credentials: no username,
 * password, app id or app secret is read, and no grant is ever made. Its tokens are keyed by the
 * server and the JWT's {@code user_id}, so two users' tokens never mix.
 *
 * <p>It renews itself: when the token turns stale (the same phases as every JWT), one
 * {@code GET /users/api_token} authenticated with the JWT itself gives a new one of a fresh lifetime
 * (iNaturalist's web application accepts a valid JWT there). The renewed token is kept in the
 * {@linkplain #home home store} and, for the same user, preferred over an older given one: the
 * freshest valid token wins. Renewal runs inside the slot's single flight and under the home store's
 * cross-process lock, as grants do, so any number of threads and processes sharing a store renew once.
 * A token that cannot be renewed is served while it is valid, with one warning.
 */
final class PersonalTokens {
    /** The user part of the key under which {@code inat-auth login --api-token} saves the token it was given. */
    static final String SAVED_USER = "api_token";
    /** The user part of the key of a user's current token: {@code user_id=<id>}. */
    private static final String USER_PREFIX = "user_id=";

    private static final System.Logger LOG = System.getLogger("io.github.inatauth");

    /** A personal token as given (configured or saved), with its user and where it came from (never its value). */
    record Given(Token token, long userId, String origin) {
    }

    private final Given given;
    private final TokenStore home;
    private final String homeId;
    private final TokenIssuer issuer;
    private final ProviderContext context;
    private final TokenKey key;
    /** The token whose renewal the server refused: not asked again, served while valid. */
    private volatile Secret refused;
    private final AtomicReference<Secret> warnedFor = new AtomicReference<>();
    /** The last token this renewed, to tell listeners a renewal from a kept token. */
    private volatile Token lastRenewed;

    /**
     * @param home where renewed tokens are kept and whose lock serialises renewals: the store the
     *        token was saved in, else the instance's token store
     */
    PersonalTokens(Given given, Wiring.OpenedStore home, TokenIssuer issuer, ProviderContext context) {
        this.given = given;
        this.home = home.store();
        this.homeId = home.id();
        this.issuer = issuer;
        this.context = context;
        this.key = key(context.baseUrl(), given.userId());
    }

    // ---- where a personal token comes from -----------------------------------------------------

    /**
     * The token set in code, else in {@link Setting#API_TOKEN} (system property, else environment variable),
     * else in the file {@link Setting#API_TOKEN_FILE} names;
     * empty when none is set. A value that is not a personal API token is refused at once.
     */
    static Optional<Given> configured(Secret explicit, ProviderContext context) {
        if (explicit != null) {
            return Optional.of(parse(explicit.reveal(), "InatAuth.Builder.apiToken", context));
        }
        return SecretFiles.read(context, Setting.API_TOKEN, Setting.API_TOKEN_FILE)
                .map(v -> parse(v.value().strip(), v.origin(), context));
    }

    /** The token {@code inat-auth login --api-token} saved in {@code store} for this server, if any. */
    static Optional<Given> saved(Wiring.OpenedStore opened, ProviderContext context) {
        TokenStore store = opened.store();
        return store.load(savedKey(context.baseUrl())).flatMap(t -> {
            try {
                return Optional.of(parse(t.value().reveal(), "the " + opened.id() + " store", context));
            } catch (ConfigurationException e) {
                LOG.log(System.Logger.Level.WARNING, "ignoring the personal API token saved in the {0} store: {1}",
                        opened.id(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /**
     * Checks that {@code value} is a personal API token: a bearer token, shaped as a JWT, with a
     * {@code user_id}. Its lifetime starts at its {@code iat} when it has a usable one, else (iNaturalist's
     * JWTs have none) iNaturalist's 24 hours before its {@code exp}, so that the phases match those of
     * the token the server made: one pasted with minutes left is stale, not fresh. Never after now.
     *
     * @throws ConfigurationException saying what is wrong and where the value came from, never the value
     */
    static Given parse(String text, String origin, ProviderContext context) {
        String problem = BearerTokens.problem(text);
        String page = apiTokenPage(context.baseUrl());
        if (problem != null || !JwtClaims.isJwt(text)) {
            throw new ConfigurationException("The personal API token in " + origin + " is not a JWT ("
                    + (problem != null ? "it " + problem : "a JWT is three base64url parts separated by dots")
                    + "); copy the whole value of \"api_token\" from " + page + " while signed in.");
        }
        long userId = JwtClaims.userId(text).orElseThrow(() -> new ConfigurationException("The JWT in " + origin
                + " has no user_id, so it is not a personal API token of iNaturalist; copy one from " + page + "."));
        Instant now = context.clock().instant();
        Instant obtained = JwtClaims.issuedAt(text)
                .or(() -> JwtClaims.expiry(text).map(exp -> exp.minus(JwtClaims.INATURALIST_LIFETIME)))
                .filter(start -> !start.isAfter(now)).orElse(now);
        return new Given(Token.jwt(Secret.of(text), obtained), userId, origin);
    }

    // ---- keys ----------------------------------------------------------------------------------

    /** The key of a user's current token on a server. */
    static TokenKey key(URI baseUrl, long userId) {
        return new TokenKey(baseUrl.toString(), "", USER_PREFIX + userId, TokenType.JWT);
    }

    /** The key of the token {@code inat-auth login --api-token} was given. */
    static TokenKey savedKey(URI baseUrl) {
        return new TokenKey(baseUrl.toString(), "", SAVED_USER, TokenType.JWT);
    }

    /** Whether {@code key} belongs to a personal token (no app, a user id or the saved token). */
    static boolean isPersonal(TokenKey key) {
        return key.appId().isEmpty() && (key.username().equals(SAVED_USER) || key.username().startsWith(USER_PREFIX));
    }

    static String apiTokenPage(URI baseUrl) {
        return ServerUrls.normalize(baseUrl) + "/users/api_token";
    }

    /** The key for tokens of {@code type}: a personal token gives JWTs only. */
    TokenKey key(TokenType type) {
        if (type != TokenType.JWT) {
            throw new ConfigurationException("A personal API token (" + given.origin() + ") gives JWTs only; "
                    + "an OAuth access token needs the credentials of an OAuth app.");
        }
        return key;
    }

    TokenStore home() {
        return home;
    }

    String homeId() {
        return homeId;
    }

    // ---- fetching --------------------------------------------------------------------------------

    /**
     * Runs inside the slot's single flight: the freshest valid token, renewed first when it is stale (or
     * forced). Renewals are kept through {@code writes}, the home store's: when it fails to keep one, the
     * renewal is still served (and read back from there), so a failing store never costs a renewal per call.
     */
    Token fetch(boolean forced, StoreWrites writes) {
        Token best = freshest(writes.load(key).orElse(null));
        if (!forced && phase(best) == TokenSlot.Phase.FRESH) {
            return best;
        }
        Optional<TokenStore.Lock> lock = home.lock(key);
        try {
            best = freshest(writes.load(key).orElse(null)); // another process may have renewed meanwhile
            TokenSlot.Phase phase = phase(best);
            if (!forced && phase == TokenSlot.Phase.FRESH) {
                return best;
            }
            if (phase == TokenSlot.Phase.EXPIRED) {
                throw expired(best);
            }
            if (!forced && best.value().equals(refused)) {
                return best; // the server refused it once already: serve it until it expires
            }
            Token renewed;
            try {
                renewed = issuer.renewApiToken(best.value());
            } catch (CredentialsRejectedException | ServerException e) {
                if (forced) {
                    throw e;
                }
                if (e instanceof CredentialsRejectedException) {
                    refused = best.value();
                }
                warnOnce(best, e);
                return best;
            }
            long renewedFor = JwtClaims.userId(renewed.value().reveal()).orElse(-1L);
            if (renewedFor != given.userId()) {
                throw new ServerException("The server at " + context.baseUrl() + " renewed the personal API token of "
                        + "user " + given.userId() + " with a token of " + (renewedFor < 0 ? "no user" : "user " + renewedFor)
                        + "; check the base URL (INAT_AUTH_BASE_URL).", null);
            }
            writes.save(key, renewed);
            lastRenewed = renewed;
            LOG.log(System.Logger.Level.DEBUG, "Renewed the personal API token of user {0}, now valid until {1}",
                    given.userId(), renewed.expiresAt());
            return renewed;
        } finally {
            lock.ifPresent(TokenStore.Lock::close);
        }
    }

    /** Where {@code token}, which {@link #fetch} returned, came from. */
    TokenListener.Origin originOf(Token token) {
        return token == given.token() ? TokenListener.Origin.GIVEN
                : token == lastRenewed ? TokenListener.Origin.RENEWAL : TokenListener.Origin.STORE;
    }

    /** The given token or the kept one, whichever is valid longer (the given one when both are equal). */
    private Token freshest(Token kept) {
        Token mine = given.token();
        if (kept == null || kept.value().equals(mine.value())) {
            return mine;
        }
        return kept.expiresAt().isAfter(mine.expiresAt()) ? kept : mine;
    }

    private TokenSlot.Phase phase(Token token) {
        return TokenSlot.phase(token, context.clock().instant());
    }

    private void warnOnce(Token token, RuntimeException why) {
        Secret before = warnedFor.get();
        if (token.value().equals(before) || !warnedFor.compareAndSet(before, token.value())) {
            return;
        }
        Duration left = Duration.between(context.clock().instant(), token.expiresAt());
        LOG.log(System.Logger.Level.WARNING, "The personal API token of iNaturalist user " + given.userId()
                + " could not be renewed (" + why.getMessage() + "); it is used until it expires at "
                + token.expiresAt().truncatedTo(ChronoUnit.SECONDS) + ", in " + describe(left)
                + ". Then copy a new one from " + apiTokenPage(context.baseUrl()) + ".");
    }

    private CredentialsRejectedException expired(Token token) {
        return new CredentialsRejectedException("The personal API token of iNaturalist user " + given.userId()
                + " (from " + given.origin() + ") expired at " + token.expiresAt().truncatedTo(ChronoUnit.SECONDS)
                + " and could not be renewed in time; copy a new one from " + apiTokenPage(context.baseUrl())
                + " while signed in, and set " + Setting.API_TOKEN.displayName() + " to it or save it with "
                + "`inat-auth login --api-token`.", "expired_token", 401);
    }

    private static String describe(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 120) {
            return seconds + " seconds";
        }
        return seconds < 2 * 3600 ? seconds / 60 + " minutes" : seconds / 3600 + " hours " + seconds % 3600 / 60 + " minutes";
    }

    // ---- status ---------------------------------------------------------------------------------

    /** What {@code inat-auth status} shows: the token in use (masked), its user, expiry, and whether it was renewed. */
    PersonalTokenReport report() {
        Token kept = home.load(key).orElse(null);
        Token inUse = freshest(kept);
        boolean renewed = inUse != given.token();
        return new PersonalTokenReport(inUse.value().masked(), given.userId(), given.origin(), homeId,
                inUse.expiresAt(), renewed ? inUse.obtainedAt() : null);
    }
}
