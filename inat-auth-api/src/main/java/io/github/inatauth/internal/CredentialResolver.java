package io.github.inatauth.internal;

import io.github.inatauth.CredentialReport;
import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenKey;
import java.util.List;
import java.util.Set;

/**
 * The credentials of one {@code InatAuth}: the chain is asked once and its answer kept, until a
 * refusal or a forced refresh says to ask again. Also names the {@link TokenKey} a token belongs to.
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
    private volatile CredentialReport resolved;

    CredentialResolver(CredentialChain chain, ProviderContext context, boolean identityRequired) {
        this.chain = chain;
        this.context = context;
        this.identityRequired = identityRequired;
    }

    /** The kept answer of the chain, asking it first if there is none; a broken source throws. */
    CredentialReport resolved() {
        return resolved(ALL_FIELDS);
    }

    /** The kept answer, read as far as {@code needed} requires; an answer read less far is read again. */
    private CredentialReport resolved(Set<Field> needed) {
        CredentialReport r = resolved;
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
    private static boolean covers(CredentialReport r, Set<Field> needed) {
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
        return chain.resolve(context, false);
    }

    /** The key of the {@code type} token for these credentials. */
    TokenKey key(TokenType type) {
        CredentialReport r = resolved(KEY_FIELDS);
        Credentials c = r.credentials();
        if (identityRequired && (c.username() == null || c.appId() == null)) {
            throw CredentialChain.missing(r, List.of(Field.values()));
        }
        return new TokenKey(context.baseUrl().toString(), orEmpty(c.appId()), orEmpty(c.username()), type);
    }

    /** All four fields, for the password grant, or the error that lists what each source gave. */
    Credentials complete() {
        CredentialReport r = resolved();
        if (!r.credentials().isComplete()) {
            throw CredentialChain.missing(r, List.of(Field.values()));
        }
        return r.credentials();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
