package io.github.inatauth.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialReport;
import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.InatAuthException;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.StoreException;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.OAuthGrant;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What {@code InatAuth} does: selects providers, resolves credentials, and keeps one {@link TokenSlot} per key. */
public final class Engine {

    /** Everything the builder collected; null means "not set". */
    public record Settings(Credentials explicit, List<String> sourceIds, List<CredentialSource> extraSources,
            String storeId, TokenStore store, TokenIssuer issuer, OAuthGrant grant, URI baseUrl, URI apiUrl, Duration connectTimeout,
            Duration requestTimeout, Duration callTimeout, Function<String, String> environment, Function<String, String> systemProperties,
            Clock clock, ModuleLayer layer, ClassLoader classLoader) {
    }

    /** Ids in the order the chain asks them by default; other sources follow in id order. */
    static final List<String> DEFAULT_SOURCE_ORDER = List.of("env", "remote", "keyring", "file");
    static final String HTTP_MODULE_HINT = "add the module io.github.inatauth.http (Maven artifact "
            + "io.github.inatauth:inat-auth-http, with org.eclipse.parsson) to the module path or class path";

    private static final System.Logger LOG = System.getLogger("io.github.inatauth");
    /** How long after a failed store write the next one is tried (a later fetch tries sooner). */
    static final Duration WRITE_RETRY = Duration.ofSeconds(30);

    private final ProviderContext context;
    private final CredentialChain chain;
    private final TokenStore store;
    private final TokenIssuer issuer;
    private final OAuthGrant customGrant;
    private final boolean systemClock;
    private final Map<TokenKey, TokenSlot> slots = new ConcurrentHashMap<>();
    private final Object resolveLock = new Object();
    private volatile CredentialReport resolved;
    private volatile TokenSlot jwtSlot;
    private volatile TokenSlot oauthSlot;
    private volatile boolean closed;
    /** Tokens the store refused to keep: served from memory, written again later. */
    private final Map<TokenKey, Token> unsaved = new ConcurrentHashMap<>();
    /** Why the store last failed to keep a token; null while its writes work. */
    private volatile String storeProblem;
    private ScheduledFuture<?> writeRetry; // guarded by unsaved

    public Engine(Settings s) {
        this.systemClock = s.clock() == null;
        this.context = context(s);
        Discovery found = Discovery.find(s.layer(), s.classLoader());
        this.chain = new CredentialChain(s.explicit(), selectSources(s, found));
        this.store = openStore(s, found);
        this.issuer = openIssuer(s, found, store);
        this.customGrant = s.grant();
    }

    // ---- configuration -------------------------------------------------------------------------

    private static ProviderContext context(Settings s) {
        ProviderContext.Builder b = ProviderContext.builder().environment(s.environment())
                .systemProperties(s.systemProperties()).clock(s.clock() == null ? Clock.systemUTC() : s.clock());
        ProviderContext plain = b.build();
        Optional<URI> base = Optional.ofNullable(s.baseUrl()).map(u -> u.toString())
                .or(() -> plain.setting("INAT_AUTH_BASE_URL", "inat.auth.baseUrl"))
                .map(u -> ProviderContext.normalize(u, "base URL (INAT_AUTH_BASE_URL)"));
        Optional<URI> api = Optional.ofNullable(s.apiUrl()).map(u -> u.toString())
                .or(() -> plain.setting("INAT_AUTH_API_URL", "inat.auth.apiUrl"))
                .map(u -> ProviderContext.normalize(u, "API URL (INAT_AUTH_API_URL)"));
        base.ifPresent(b::baseUrl);
        if (api.isPresent()) {
            b.apiUrl(api.get());
        } else if (base.isPresent()) {
            b.apiUrl(URI.create(base.get() + "/v1"));
        }
        Optional.ofNullable(s.connectTimeout()).ifPresent(b::connectTimeout);
        Optional.ofNullable(s.requestTimeout()).ifPresent(b::requestTimeout);
        Optional.ofNullable(s.callTimeout()).ifPresent(b::callTimeout);
        return b.build();
    }

    private List<CredentialSource> selectSources(Settings s, Discovery found) {
        Map<String, CredentialSource> available = new LinkedHashMap<>(found.sources());
        for (CredentialSource extra : s.extraSources()) {
            available.put(extra.id(), extra);
        }
        List<String> ids = s.sourceIds() != null ? s.sourceIds()
                : context.setting("INAT_AUTH_SOURCES", "inat.auth.sources").map(Engine::splitIds).orElse(null);
        if (ids == null) {
            List<CredentialSource> ordered = new ArrayList<>();
            DEFAULT_SOURCE_ORDER.stream().filter(available::containsKey).forEach(id -> ordered.add(available.get(id)));
            new TreeSet<>(available.keySet()).stream().filter(id -> !DEFAULT_SOURCE_ORDER.contains(id))
                    .forEach(id -> ordered.add(available.get(id)));
            return ordered;
        }
        List<CredentialSource> chosen = new ArrayList<>();
        for (String id : ids) {
            CredentialSource source = available.get(id);
            if (source == null) {
                throw new ConfigurationException("Unknown credential source '" + id + "' in INAT_AUTH_SOURCES; "
                        + "available: " + String.join(", ", available.keySet()) + hintFor(id) + ".");
            }
            if (!chosen.contains(source)) {
                chosen.add(source);
            }
        }
        return chosen;
    }

    private static List<String> splitIds(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toList());
    }

    private static String hintFor(String id) {
        return switch (id) {
            case "remote" -> " (source 'remote' is in module io.github.inatauth.http)";
            case "keyring" -> " (add module io.github.inatauth.keyring)";
            case "file" -> " (add module io.github.inatauth.filestore)";
            default -> "";
        };
    }

    private TokenStore openStore(Settings s, Discovery found) {
        if (s.store() != null) {
            return s.store().open(context);
        }
        String id = s.storeId() != null ? s.storeId()
                : context.setting("INAT_AUTH_STORE", "inat.auth.store").map(String::trim).orElse(null);
        if (id == null) {
            // not chosen: the file store when it is configured, else memory
            TokenStore file = found.stores().get("file");
            if (file != null) {
                try {
                    return file.open(context);
                } catch (StoreException e) {
                    if (!e.isAbsent()) {
                        throw e;
                    }
                }
            }
            return new MemoryStore();
        }
        if (id.equals(NoStore.ID)) {
            return new NoStore();
        }
        TokenStore chosen = found.stores().get(id);
        if (chosen == null) {
            List<String> ids = new ArrayList<>(found.stores().keySet());
            ids.add(NoStore.ID);
            throw new ConfigurationException("Unknown token store '" + id + "' in INAT_AUTH_STORE; available: "
                    + String.join(", ", ids) + hintFor(id) + ".");
        }
        return chosen.open(context);
    }

    private TokenIssuer openIssuer(Settings s, Discovery found, TokenStore store) {
        if (s.issuer() != null) {
            return s.issuer().open(context);
        }
        if (found.issuers().isEmpty()) {
            if (store.isReadOnly()) {
                return null; // a broker serves every token
            }
            throw new ConfigurationException("No token issuer found: " + HTTP_MODULE_HINT + ".");
        }
        if (found.issuers().size() > 1) {
            throw new ConfigurationException("Several token issuers found: " + found.issuers().stream()
                    .map(Discovery::describe).collect(Collectors.joining(", ")) + "; keep one.");
        }
        return found.issuers().get(0).open(context);
    }

    // ---- tokens ----------------------------------------------------------------------------------

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

    public String refresh(TokenType type) {
        synchronized (resolveLock) {
            resolved = null; // read the sources again: bypass every cache
        }
        return slot(type).get(true).value;
    }

    public void invalidate(String token) {
        if (token == null) {
            return;
        }
        for (TokenSlot slot : slots.values()) {
            if (slot.dropIfValue(token)) {
                deleteFromStoreIfSame(slot.key(), token);
            }
        }
    }

    /** Compare-and-delete inside the store: a token another process saved since stays. */
    private void deleteFromStoreIfSame(TokenKey key, String token) {
        if (!store.isReadOnly()) {
            store.deleteIfValue(key, Secret.of(token));
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

    public CredentialReport credentialReport() {
        return chain.resolve(context, false);
    }

    public String storeId() {
        return store.id();
    }

    public Map<TokenKey, Token> storedTokens() {
        if (store instanceof NoStore) {
            Map<TokenKey, Token> inMemory = new HashMap<>();
            slots.values().forEach(s -> {
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
        synchronized (unsaved) {
            if (writeRetry != null) {
                writeRetry.cancel(false);
            }
        }
        jwtSlot = null;
        oauthSlot = null;
        slots.values().forEach(TokenSlot::close);
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
        TokenSlot slot = slots.computeIfAbsent(key(type), k -> new TokenSlot(k, this::fetch, context.clock(), systemClock, context.callTimeout()));
        if (type == TokenType.JWT) {
            jwtSlot = slot;
        } else {
            oauthSlot = slot;
        }
        return slot;
    }

    /** The fields a token key is made of: with a token in the store, nothing else need be read. */
    private static final Set<Field> KEY_FIELDS = Set.of(Field.USERNAME, Field.APP_ID);
    private static final Set<Field> ALL_FIELDS = Set.of(Field.values());

    private CredentialReport credentials() {
        return credentials(ALL_FIELDS);
    }

    /** The credentials, read as far as {@code needed} requires; a report read less far is read again. */
    private CredentialReport credentials(Set<Field> needed) {
        CredentialReport r = resolved;
        if (r == null || !covers(r, needed)) {
            synchronized (resolveLock) {
                r = resolved;
                if (r == null || !covers(r, needed)) {
                    r = chain.resolve(context, true, needed);
                    resolved = r;
                }
            }
        }
        return r;
    }

    /** Whether {@code r} has every needed field, or asked every source, so reading again gives no more. */
    private static boolean covers(CredentialReport r, Set<Field> needed) {
        return r.credentials().presentFields().containsAll(needed)
                || r.sources().stream().noneMatch(s -> s.outcome() == CredentialReport.Outcome.NOT_ASKED);
    }

    private TokenKey key(TokenType type) {
        CredentialReport r = credentials(KEY_FIELDS);
        Credentials c = r.credentials();
        if (!store.isReadOnly() && (c.username() == null || c.appId() == null)) {
            throw CredentialChain.missing(r, List.of(Field.values()));
        }
        return new TokenKey(context.baseUrl().toString(), orEmpty(c.appId()), orEmpty(c.username()), type);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Runs inside a slot's single flight. */
    private Token fetch(TokenKey key, boolean forced) {
        if (!forced) {
            Optional<Token> kept = usableFromStore(key);
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        Optional<TokenStore.Lock> lock = store.lock(key);
        try {
            if (!forced) {
                // another process may have fetched while this one waited for the lock
                Optional<Token> kept = usableFromStore(key);
                if (kept.isPresent()) {
                    return kept.get();
                }
            }
            if (store.isReadOnly()) {
                throw new ServerException("The token broker (store '" + store.id() + "') holds no valid "
                        + key.type() + " token; check that the process that refreshes it is running.", null);
            }
            Token token = key.type() == TokenType.OAUTH ? grant(key) : exchange(key, forced);
            save(key, token);
            return token;
        } finally {
            lock.ifPresent(TokenStore.Lock::close);
        }
    }

    /**
     * Keeps {@code token} in the store; when the store fails (disk full, read-only folder, keyring
     * locked after open) the token is still served and cached, the failure is reported once, and the
     * write is tried again later, so a failing store never costs a grant per call.
     */
    private void save(TokenKey key, Token token) {
        saveUnsaved();
        try {
            store.save(key, token);
        } catch (RuntimeException e) {
            unsaved.put(key, token);
            storeFailed(e);
        }
    }

    /** Writes the tokens the store refused before; true when none is left. */
    private boolean saveUnsaved() {
        for (Map.Entry<TokenKey, Token> e : unsaved.entrySet()) {
            try {
                store.save(e.getKey(), e.getValue());
                unsaved.remove(e.getKey(), e.getValue());
            } catch (RuntimeException failure) {
                storeFailed(failure);
                return false;
            }
        }
        if (unsaved.isEmpty() && storeProblem != null) {
            storeProblem = null;
            LOG.log(System.Logger.Level.INFO, "The token store ''{0}'' keeps tokens again.", store.id());
        }
        return unsaved.isEmpty();
    }

    private void storeFailed(RuntimeException e) {
        String problem = "the token store '" + store.id() + "' could not keep a new token (" + e.getMessage()
                + "); it is used from memory and saving is tried again every " + WRITE_RETRY.toSeconds() + " s";
        if (storeProblem == null) {
            LOG.log(System.Logger.Level.WARNING, problem.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                    + problem.substring(1) + ".");
        }
        storeProblem = problem;
        synchronized (unsaved) {
            if (!closed && (writeRetry == null || writeRetry.isDone())) {
                writeRetry = Background.timer().schedule(this::retryWrites, WRITE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void retryWrites() {
        if (!closed && !unsaved.isEmpty()) {
            saveUnsaved(); // a failure schedules the next try
        }
    }

    /** Why the store could not keep the latest tokens, while that lasts. */
    public Optional<String> storeProblem() {
        return Optional.ofNullable(storeProblem);
    }

    private Optional<Token> usableFromStore(TokenKey key) {
        Optional<Token> kept = store.load(key);
        if (kept.isEmpty()) {
            return kept;
        }
        TokenSlot.Phase phase = TokenSlot.phase(kept.get(), context.clock().instant());
        boolean usable = phase == TokenSlot.Phase.FRESH || (store.isReadOnly() && phase == TokenSlot.Phase.STALE);
        return usable ? kept : Optional.empty();
    }

    private Token grant(TokenKey key) {
        CredentialReport r = credentials();
        if (customGrant != null) {
            return customGrant.obtain(r.credentials(), context);
        }
        if (!r.credentials().isComplete()) {
            throw CredentialChain.missing(r, List.of(Field.values()));
        }
        LOG.log(System.Logger.Level.DEBUG, "Password grant for {0} at {1}", key.username(), key.baseUrl());
        try {
            return issuer.passwordGrant(r.credentials());
        } catch (CredentialsRejectedException e) {
            synchronized (resolveLock) {
                resolved = null; // the user may fix the saved credentials; read them again next time
            }
            throw e;
        }
    }

    private Token exchange(TokenKey jwtKey, boolean forced) {
        TokenSlot oauth = slots.computeIfAbsent(jwtKey.withType(TokenType.OAUTH),
                k -> new TokenSlot(k, this::fetch, context.clock(), systemClock, context.callTimeout()));
        long before = oauth.generation();
        TokenSlot.Snapshot o = oauth.get(forced);
        try {
            return issuer.exchangeForJwt(o.token.value());
        } catch (CredentialsRejectedException e) {
            if (forced || oauth.generation() != before) {
                throw e; // the OAuth token was just granted: no point in another grant
            }
            // a kept OAuth token was revoked (a newer grant elsewhere): drop it, grant once more
            LOG.log(System.Logger.Level.DEBUG, "Kept OAuth token refused; granting a new one");
            if (oauth.dropIfValue(o.value)) {
                deleteFromStoreIfSame(oauth.key(), o.value);
            }
            return issuer.exchangeForJwt(oauth.get(true).token.value());
        }
    }
}
