package io.github.inatauth.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialReport;
import io.github.inatauth.Credentials;
import io.github.inatauth.InatAuthException;
import io.github.inatauth.PersonalTokenReport;
import io.github.inatauth.Secret;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;

/**
 * What {@code InatAuth} does, put together by {@link Wiring}: the {@link CredentialResolver} says
 * whose tokens these are, the {@link TokenFetcher} gets them, and this keeps the slots of the two
 * token types at hand for the warm path.
 */
public final class Engine {
    private final ProviderContext context;
    /** The sources found and added, by id: where credentials are saved to and deleted from. */
    private final Map<String, CredentialSource> sources;
    private final String storeId;
    private final TokenStore store;
    private final TokenIssuer issuer;
    private final CredentialResolver credentials;
    private final TokenFetcher fetcher;
    private final Clock clock;
    /** Stores opened only to find a saved personal token; closed with this engine. */
    private final List<TokenStore> openedForApiToken = new CopyOnWriteArrayList<>();
    private volatile TokenSlot jwtSlot;
    private volatile TokenSlot oauthSlot;
    private volatile boolean closed;

    public Engine(BuilderValues s) {
        ProviderContext context = s.context().build();
        // the system clock keeps the warm path free of clock reads; an injected one is read on every call
        TimeSource time = context.clock().equals(Clock.systemUTC()) ? TimeSource.system()
                : TimeSource.clockOnly(context.clock());
        this.context = context;
        Discovery found = Discovery.find(s.layer(), s.classLoader());
        this.sources = Wiring.allSources(s, found);
        CredentialChain chain = new CredentialChain(s.explicit(), Wiring.sources(s, found, context));
        Wiring.OpenedStore opened = Wiring.store(s, found, context);
        this.storeId = opened.id();
        this.store = opened.store();
        this.issuer = Wiring.issuer(s, found, context, store);
        PersonalTokens.Given apiToken = PersonalTokens.configured(s.apiToken(), context).orElse(null);
        this.credentials = new CredentialResolver(chain, context, apiToken, opened, issuer, () -> {
            List<Wiring.OpenedStore> saving = Wiring.savingStores(found, context, storeId);
            saving.forEach(o -> openedForApiToken.add(o.store()));
            return saving;
        });
        this.fetcher = new TokenFetcher(context, time, credentials, storeId, store, issuer, s.grant(),
                s.listener() == null ? Events.NONE : new Events(s.listener()));
        this.clock = context.clock();
    }

    /** The warm path: one volatile read of the slot, one of its snapshot; no clock, no allocation. */
    public String accessToken(TokenType type) {
        TokenSlot slot = type == TokenType.JWT ? jwtSlot : oauthSlot;
        if (slot != null) {
            String value = slot.fastValue();
            if (value != null) {
                return value;
            }
            if (!closed) {
                return slot.get(false).value; // the key changes only on a forced refresh, which sets the slot
            }
        }
        return slot(type).get(false).value;
    }

    /**
     * The warm path as {@link #accessToken}, completed at once; else the slot's refresh, joined
     * without blocking. Finding the slot may read the credential sources (a keyring, a command): that
     * runs on a worker too.
     */
    public CompletableFuture<String> accessTokenAsync(TokenType type) {
        TokenSlot slot = type == TokenType.JWT ? jwtSlot : oauthSlot;
        if (slot != null) {
            String value = slot.fastValue();
            if (value != null) {
                return CompletableFuture.completedFuture(value);
            }
            if (!closed) {
                return valueOf(slot.getAsync(), new CompletableFuture<>());
            }
        }
        TokenKey known = closed ? null : credentials.keyIfKnown(type);
        if (known != null) {
            // the other type's slot, or a slot a forced refresh replaced: its key needs no source read
            return valueOf(keep(type, fetcher.slot(known)).getAsync(), new CompletableFuture<>());
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        try {
            Background.waitedOn().execute(() -> {
                try {
                    valueOf(slot(type).getAsync(), result);
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Completes {@code into} with the token's value or the very error (not wrapped, as {@code thenApply} would). */
    private static CompletableFuture<String> valueOf(CompletableFuture<TokenSlot.Snapshot> flight,
            CompletableFuture<String> into) {
        flight.whenComplete((s, e) -> {
            if (e == null) {
                into.complete(s.value);
            } else {
                into.completeExceptionally(e);
            }
        });
        return into;
    }

    /**
     * A token that lasts {@code minValid} more: the held one, else a new one of this type alone (a JWT
     * from the kept OAuth token, no grant). A second try covers a short token another process saved
     * meanwhile; a new token that still falls short means {@code minValid} is beyond its life.
     */
    public String accessToken(TokenType type, Duration minValid) {
        TokenSlot slot = slot(type);
        TokenSlot.Snapshot s = slot.get(false);
        for (int tries = 0; tries < 2 && !lasts(s.token, minValid) && lives(s.token, minValid); tries++) {
            s = fetcher.renew(slot, s.value);
        }
        if (!lasts(s.token, minValid)) {
            Duration left = Duration.between(clock.instant(), s.token.expiresAt());
            throw new ConfigurationException("A new " + type + " token is valid for only " + describe(left)
                    + " (until " + s.token.expiresAt() + "), less than the " + describe(minValid) + " asked for: "
                    + "ask for less than its life (iNaturalist's JWTs live 24 hours).");
        }
        return s.value;
    }

    /** Whether a token of this one's whole life would last {@code minValid}: else no renewal can help. */
    private static boolean lives(Token token, Duration minValid) {
        return token.expiresAt() == null || !token.obtainedAt().plus(minValid).isAfter(token.expiresAt());
    }

    private boolean lasts(Token token, Duration minValid) {
        Instant exp = token.expiresAt();
        return exp == null || !clock.instant().plus(minValid).isAfter(exp);
    }

    private static String describe(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        return minutes >= 120 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
    }

    public String refresh(TokenType type) {
        credentials.forget(); // read the sources again: bypass every cache
        return slot(type).get(true).value;
    }

    public void invalidate(String token) {
        if (token != null) {
            fetcher.invalidate(token);
        }
    }

    public boolean isValid(String jwt) {
        if (jwt == null || jwt.isEmpty() || issuer == null) {
            return false;
        }
        try {
            return issuer.validate(Secret.of(jwt));
        } catch (InatAuthException e) {
            return false;
        }
    }

    /** Keeps the personal token given to this instance in its store, where a later instance without configuration finds it. */
    public PersonalTokenReport savePersonalToken() {
        return credentials.savePersonalToken();
    }

    /** The personal API token this instance would use, as status shows it; no request is made. */
    public Optional<PersonalTokenReport> personalToken() {
        return credentials.personalToken();
    }

    /** The login name of the user of {@code jwt}, from the API. */
    public String userLogin(String jwt) {
        if (issuer == null) {
            throw new ConfigurationException("No token issuer found: " + Wiring.HTTP_MODULE_HINT + ".");
        }
        return issuer.login(Secret.of(jwt));
    }

    public CredentialReport credentialReport() {
        return credentials.report();
    }

    public String storeId() {
        return storeId;
    }

    /** Why the store could not keep the latest tokens, while that lasts. */
    public Optional<String> storeProblem() {
        return fetcher.storeProblem();
    }

    /** The stores found with the default discovery that keep both credentials and tokens, in login's order. */
    public static List<String> credentialStores() {
        return Wiring.credentialStores(Discovery.find(null, null));
    }

    public void saveCredentials(Credentials credentials) {
        savingSource().save(context, credentials);
    }

    public boolean deleteCredentials() {
        return savingSource().delete(context);
    }

    /** Forgets every token of the store and of this instance's slots; returns how many the store held. */
    public int deleteStoredTokens() {
        if (store.isReadOnly()) {
            throw new ConfigurationException("The token store '" + storeId + "' is read-only: its tokens are "
                    + "deleted where it is served from.");
        }
        int count = storedTokens().size();
        store.deleteAll();
        fetcher.slots().forEach(TokenSlot::forget);
        return count;
    }

    /** The credential source with the store's id, which keeps credentials beside the store's tokens. */
    private CredentialSource savingSource() {
        CredentialSource source = sources.get(storeId);
        if (source == null || !source.canSave()) {
            throw new ConfigurationException("The token store '" + storeId + "' keeps no credentials; build the "
                    + "InatAuth with store(\"keyring\") or store(\"file\") to save or delete them.");
        }
        return source;
    }

    public Map<TokenKey, Token> storedTokens() {
        if (store instanceof NoStore) {
            Map<TokenKey, Token> inMemory = new HashMap<>();
            fetcher.slots().forEach(s -> {
                Token t = s.current();
                if (t != null) {
                    inMemory.put(s.key(), t);
                }
            });
            return inMemory;
        }
        return store.list();
    }

    public void close() {
        closed = true;
        jwtSlot = null;
        oauthSlot = null;
        fetcher.slots().forEach(TokenSlot::close);
        fetcher.close();
        openedForApiToken.forEach(TokenStore::close);
        try {
            store.close();
        } finally {
            if (issuer != null) {
                issuer.close();
            }
        }
    }

    private TokenSlot slot(TokenType type) {
        if (closed) {
            throw new IllegalStateException("This InatAuth is closed.");
        }
        return keep(type, fetcher.slot(credentials.key(type)));
    }

    /** Makes {@code slot} the one the warm path of {@code type} reads. */
    private TokenSlot keep(TokenType type, TokenSlot slot) {
        if (type == TokenType.JWT) {
            jwtSlot = slot;
        } else {
            oauthSlot = slot;
        }
        return slot;
    }
}
