package io.github.inatauth.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialReport;
import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.PersonalTokenReport;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenIssuer;
import io.github.inatauth.spi.TokenKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The credentials of one {@code InatAuth}: the chain is asked once and its answer kept, until a
 * refusal or a forced refresh says to ask again. Also names the {@link TokenKey} a token belongs to:
 * with a personal API token (configured, or saved by {@code inat-auth login --api-token}) that is the
 * server and the token's user, and no credential is asked for.
 */
final class CredentialResolver {
    private final CredentialChain chain;
    private final ProviderContext context;
    /** A read-only store (a broker) serves tokens for credentials this program may never see. */
    private final boolean identityRequired;
    /** The fields a token key is made of: with a token in the store, the keyring need not be asked. */
    private static final Set<Field> KEY_FIELDS = Set.of(Field.USERNAME, Field.APP_ID);
    private static final Set<Field> ALL_FIELDS = Set.of(Field.values());

    private final Object lock = new Object();
    private volatile CredentialChain.Resolved resolved;
    /** The personal API token set in code or configuration; null when none is. */
    private final PersonalTokens.Given configuredApiToken;
    /** The instance's own store, where a configured personal token's renewals are kept. */
    private final Wiring.OpenedStore store;
    private final TokenIssuer issuer;
    /** The stores that keep tokens between runs (opened on first call), where a saved personal token is looked for. */
    private final Supplier<List<Wiring.OpenedStore>> savingStores;
    private volatile PersonalTokens personal;
    private volatile boolean personalDecided;

    CredentialResolver(CredentialChain chain, ProviderContext context, PersonalTokens.Given configuredApiToken,
            Wiring.OpenedStore store, TokenIssuer issuer, Supplier<List<Wiring.OpenedStore>> savingStores) {
        this.chain = chain;
        this.context = context;
        this.identityRequired = !store.store().isReadOnly();
        this.configuredApiToken = configuredApiToken;
        this.store = store;
        this.issuer = issuer;
        this.savingStores = savingStores;
    }

    /** The kept answer of the chain, asking it first if there is none; a broken source throws. */
    CredentialChain.Resolved resolved() {
        return resolved(ALL_FIELDS);
    }

    /** The kept answer, read as far as {@code needed} requires; an answer read less far is read again. */
    private CredentialChain.Resolved resolved(Set<Field> needed) {
        CredentialChain.Resolved r = resolved;
        if (r == null || !covers(r, needed)) {
            synchronized (lock) {
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
    private static boolean covers(CredentialChain.Resolved r, Set<Field> needed) {
        return r.credentials().presentFields().containsAll(needed)
                || r.sources().stream().noneMatch(s -> s.outcome() == CredentialReport.Outcome.NOT_ASKED);
    }

    /** Drops the kept answer: the next request reads the sources again. */
    void forget() {
        synchronized (lock) {
            resolved = null;
        }
    }

    /** What every source says now, without keeping it and without throwing for missing fields. */
    CredentialReport report() {
        return chain.resolve(context, false).report();
    }

    /** The key of the {@code type} token for these credentials. */
    TokenKey key(TokenType type) {
        PersonalTokens p = personal();
        if (p != null) {
            return p.key(type);
        }
        CredentialChain.Resolved r = resolved(KEY_FIELDS);
        Credentials c = r.credentials();
        if (identityRequired && (c.username() == null || c.appId() == null)) {
            throw CredentialChain.missing(r, List.of(Field.values()));
        }
        return keyOf(c, type);
    }

    private TokenKey keyOf(Credentials c, TokenType type) {
        return new TokenKey(context.baseUrl().toString(), orEmpty(c.appId()), orEmpty(c.username()), type);
    }

    /** The key of the {@code type} token when it is known without reading a source (for asynchronous callers); else null. */
    TokenKey keyIfKnown(TokenType type) {
        if (!personalDecided) {
            return null;
        }
        PersonalTokens p = personal;
        if (p != null) {
            return type == TokenType.JWT ? p.key(type) : null; // an OAuth token's error is the worker's to give
        }
        CredentialChain.Resolved r = resolved;
        if (r == null || !covers(r, KEY_FIELDS)) {
            return null;
        }
        Credentials c = r.credentials();
        if (identityRequired && (c.username() == null || c.appId() == null)) {
            return null;
        }
        return keyOf(c, type);
    }

    /** All four fields, for the password grant, or the error that lists what each source gave. */
    Credentials complete() {
        CredentialChain.Resolved r = resolved();
        if (!r.credentials().isComplete()) {
            throw CredentialChain.missing(r, List.of(Field.values()));
        }
        return r.credentials();
    }

    /** The personal token in use if it has been decided on; null otherwise (the fetcher asks only for keys made here). */
    PersonalTokens personalInUse() {
        return personal;
    }

    /**
     * The personal API token in use, decided once: the configured one; else, when the credentials lack
     * a username or app id, one saved by {@code inat-auth login --api-token}; else none (null).
     */
    private PersonalTokens personal() {
        if (personalDecided) {
            return personal;
        }
        synchronized (lock) {
            if (!personalDecided) {
                if (configuredApiToken != null) {
                    personal = new PersonalTokens(configuredApiToken, ownHome(), issuer, context);
                } else {
                    Credentials c = resolved(KEY_FIELDS).credentials(); // the keyring only when these are missing
                    if (identityRequired && (c.username() == null || c.appId() == null)) {
                        // one the credential command printed (it ran: the key fields were missing), else a saved one
                        personal = chain.commandApiToken()
                                .map(t -> PersonalTokens.parse(t.reveal(), "the output of the credential command", context))
                                .map(given -> new PersonalTokens(given, ownHome(), issuer, context))
                                .or(this::savedApiToken).orElse(null);
                    }
                }
                personalDecided = true;
            }
            return personal;
        }
    }

    /** Where renewals of a token given to this instance are kept: its store, unless that is read-only. */
    private Wiring.OpenedStore ownHome() {
        return store.store().isReadOnly() ? new Wiring.OpenedStore(MemoryStore.ID, MemoryStore.INSTANCE) : store;
    }

    /**
     * A personal token saved by {@code inat-auth login --api-token}: in this instance's store, else in
     * a store that can keep it between runs (keyring, file); renewals stay in the store it was found
     * in, so a later run with an empty environment finds them too.
     */
    private Optional<PersonalTokens> savedApiToken() {
        List<Wiring.OpenedStore> candidates = new ArrayList<>();
        if (!store.store().isReadOnly()) {
            candidates.add(store);
        }
        candidates.addAll(savingStores.get());
        for (Wiring.OpenedStore candidate : candidates) {
            Optional<PersonalTokens.Given> saved = PersonalTokens.saved(candidate, context);
            if (saved.isPresent()) {
                return Optional.of(new PersonalTokens(saved.get(), candidate, issuer, context));
            }
        }
        return Optional.empty();
    }

    /** The stores besides this instance's that keep tokens between runs, opened now (closed with the engine). */
    List<Wiring.OpenedStore> otherSavingStores() {
        return savingStores.get();
    }

    /** Keeps the configured personal token in the instance's store, where a later instance without configuration finds it. */
    PersonalTokenReport savePersonalToken() {
        if (configuredApiToken == null) {
            throw new ConfigurationException("No personal API token was given to this InatAuth, so none can be saved.");
        }
        if (store.store().isReadOnly() || store.store() instanceof NoStore || store.store() instanceof MemoryStore) {
            throw new ConfigurationException("The token store '" + store.id() + "' keeps nothing between runs; "
                    + "save the personal API token to the keyring or file store.");
        }
        store.store().save(PersonalTokens.savedKey(context.baseUrl()), configuredApiToken.token());
        return personal().report();
    }

    /** The personal API token this instance would use, as status shows it; no request is made. */
    Optional<PersonalTokenReport> personalToken() {
        if (configuredApiToken == null && !personalDecided) {
            // status asks even when the credentials are complete: what login saved is worth showing
            synchronized (lock) {
                return Optional.ofNullable(personal).or(this::savedApiToken).map(PersonalTokens::report);
            }
        }
        return Optional.ofNullable(personal()).map(PersonalTokens::report);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
