package io.github.inatauth.internal;

import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.StoreException;
import io.github.inatauth.TokenListener;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.OAuthGrant;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gets the token for a key when its {@link TokenSlot} needs one: from the store if it holds a usable
 * one, else from the server under the store's cross-process lock, saving the result. It owns the
 * slots and the nesting of the two kinds: a JWT is made from the OAuth token of the same key, which
 * comes from its own slot, so a cold JWT asks for at most one grant and one exchange.
 */
final class TokenFetcher implements TokenSlot.Fetcher {
    private static final System.Logger LOG = System.getLogger("io.github.inatauth");

    private final ProviderContext context;
    private final TimeSource time;
    private final CredentialResolver credentials;
    private final String storeId;
    private final TokenStore store;
    private final TokenIssuer issuer;
    private final OAuthGrant customGrant;
    private final Map<TokenKey, TokenSlot> slots = new ConcurrentHashMap<>();
    private final StoreWrites writes;
    /** The writes to a personal token's home store when it is not this instance's store. */
    private final Map<TokenStore, StoreWrites> otherWrites = new ConcurrentHashMap<>();
    private final Events events;

    /** A token and where it came from, for the listener. */
    private record Got(Token token, TokenListener.Origin origin) {
    }
    /**
     * The OAuth token this instance's last grant gave: a refusal of it is final, while a refusal of one
     * loaded from the store (kept by an earlier run) earns one new grant.
     */
    private volatile Secret lastGranted;

    TokenFetcher(ProviderContext context, TimeSource time, CredentialResolver credentials, String storeId,
            TokenStore store, TokenIssuer issuer, OAuthGrant customGrant, Events events) {
        this.context = context;
        this.time = time;
        this.credentials = credentials;
        this.storeId = storeId;
        this.store = store;
        this.issuer = issuer;
        this.customGrant = customGrant;
        this.writes = new StoreWrites(storeId, store);
        this.events = events;
    }

    /** The slot of {@code key}, made on first use. */
    TokenSlot slot(TokenKey key) {
        return slots.computeIfAbsent(key, k -> new TokenSlot(k, this, time, context.callTimeout()));
    }

    Collection<TokenSlot> slots() {
        return slots.values();
    }

    /** Drops {@code token} wherever it is held: its slot and, if it is the kept one, the store. */
    void invalidate(String token) {
        for (TokenSlot slot : slots.values()) {
            if (slot.dropIfValue(token)) {
                deleteFromStoreIfSame(slot.key(), token);
            }
        }
    }

    /**
     * A new token for the slot of a held one that does not last long enough: the held one is dropped
     * (slot and store) and fetched again without force, so a JWT comes from the kept OAuth token, not a
     * new grant. A personal token is renewed (a forced fetch of it is a renewal, never a grant).
     */
    TokenSlot.Snapshot renew(TokenSlot slot, String held) {
        PersonalTokens p = credentials.personalInUse();
        if (p != null && PersonalTokens.isPersonal(slot.key())) {
            return slot.get(true);
        }
        invalidate(held);
        return slot.get(false);
    }

    /** Runs inside a slot's single flight; tells the listener what it got or why not. */
    @Override
    public Token fetch(TokenKey key, boolean forced) {
        try {
            PersonalTokens p = credentials.personalInUse();
            if (p != null && PersonalTokens.isPersonal(key)) {
                Token token = p.fetch(forced, writesTo(p.homeId(), p.home()));
                events.newToken(key.type(), token, p.originOf(token));
                return token;
            }
            if (!forced) {
                Optional<Token> kept = usableFromStore(key);
                if (kept.isPresent()) {
                    events.newToken(key.type(), kept.get(), TokenListener.Origin.STORE);
                    return kept.get();
                }
            }
            Got got = fetchLocked(key, forced);
            events.newToken(key.type(), got.token(), got.origin());
            return got.token();
        } catch (RuntimeException e) {
            events.refreshFailed(key.type(), e);
            throw e;
        }
    }

    /** Under the store's lock: the token another process kept meanwhile, else one from the server. */
    private Got fetchLocked(TokenKey key, boolean forced) {
        Optional<TokenStore.Lock> lock = store.lock(key);
        try {
            if (!forced) {
                // another process may have fetched while this one waited for the lock
                Optional<Token> kept = usableFromStore(key);
                if (kept.isPresent()) {
                    return new Got(kept.get(), TokenListener.Origin.STORE);
                }
            }
            if (store.isReadOnly()) {
                throw new ServerException("The token broker (store '" + storeId + "') holds no valid "
                        + key.type() + " token; check that the process that refreshes it is running.", null);
            }
            Token token = key.type() == TokenType.OAUTH ? grant(key) : exchange(key, forced);
            writes.save(key, token);
            return new Got(token, TokenListener.Origin.SERVER);
        } finally {
            lock.ifPresent(TokenStore.Lock::close);
        }
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
        Token granted = grantOnce(key);
        lastGranted = granted.value();
        return granted;
    }

    private Token grantOnce(TokenKey key) {
        if (customGrant != null) {
            return customGrant.obtain(credentials.resolved().credentials(), context);
        }
        LOG.log(System.Logger.Level.DEBUG, "Password grant for {0} at {1}", key.username(), key.baseUrl());
        try {
            return issuer.passwordGrant(credentials.complete());
        } catch (CredentialsRejectedException e) {
            credentials.forget(); // the user may fix the saved credentials; read them again next time
            throw e;
        }
    }

    private Token exchange(TokenKey jwtKey, boolean forced) {
        TokenSlot oauth = slot(jwtKey.withType(TokenType.OAUTH));
        long before = oauth.generation();
        TokenSlot.Snapshot o = oauth.get(forced);
        try {
            return issuer.exchangeForJwt(o.token.value());
        } catch (CredentialsRejectedException e) {
            if (forced || (oauth.generation() != before && lastGranted != null && lastGranted.matches(o.value))) {
                throw e; // the OAuth token was just granted: no point in another grant
            }
            // a kept OAuth token was revoked (a password change, a suspension, the app revoked): drop it
            // from every store that keeps it, then grant once more if the credentials allow one
            oauth.dropIfValue(o.value);
            dropEverywhere(oauth.key(), o.value);
            if (customGrant == null && !credentials.resolved().credentials().isComplete()) {
                throw new CredentialsRejectedException(e.getMessage() + " Without the password and app secret no new "
                        + "token can be had here: sign in again (`inat-auth login`).",
                        e.error().orElse(null), e.statusCode());
            }
            LOG.log(System.Logger.Level.DEBUG, "Kept OAuth token refused; granting a new one");
            return issuer.exchangeForJwt(oauth.get(true).token.value());
        }
    }

    /**
     * A refused token out of this instance's store and of every other store that keeps tokens between
     * runs (where another run or {@code inat-auth login} may have saved it), by compare-and-delete. A
     * store that cannot be opened or written is left as it is: its copy is refused again when used.
     */
    private void dropEverywhere(TokenKey key, String token) {
        deleteFromStoreIfSame(key, token);
        try {
            for (Wiring.OpenedStore other : credentials.otherSavingStores()) {
                if (!other.store().isReadOnly()) {
                    other.store().deleteIfValue(key, Secret.of(token));
                }
            }
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "A refused OAuth token may still be kept in another store: {0}",
                    e.getMessage());
        }
    }

    /** Compare-and-delete inside the store: a token another process saved since stays. */
    private void deleteFromStoreIfSame(TokenKey key, String token) {
        PersonalTokens p = credentials.personalInUse();
        StoreWrites holder = p != null && PersonalTokens.isPersonal(key)
                ? writesTo(p.homeId(), p.home()) : writes; // a renewal stays where it was kept
        holder.deleteIfValue(key, Secret.of(token));
    }

    /** The one way tokens are written to {@code target}: a failing store never costs a fetch per call. */
    private StoreWrites writesTo(String id, TokenStore target) {
        return target == store ? writes : otherWrites.computeIfAbsent(target, t -> new StoreWrites(id, t));
    }

    /** Why a store could not keep the latest tokens, while that lasts. */
    Optional<String> storeProblem() {
        return writes.problem().or(() -> otherWrites.values().stream().flatMap(w -> w.problem().stream()).findFirst());
    }

    void close() {
        writes.close();
        otherWrites.values().forEach(StoreWrites::close);
    }
}
