package io.github.inatauth.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.StoreException;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.spi.TokenIssuer;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.spi.TokenStoreProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How an {@code InatAuth} is put together from its {@link BuilderValues} and the providers found: the
 * credential sources in order, the token store and the issuer. No network I/O.
 */
final class Wiring {
    /**
     * Ids in the order the chain asks them by default; other sources follow in id order. The command
     * comes right after the environment: both are set up for this one program (a variable beats the
     * command, as AWS's variables beat its credential_process), and it runs only when set.
     */
    static final List<String> DEFAULT_SOURCE_ORDER = List.of("env", "command", "remote", "keyring", "file");
    /** The stores that keep tokens between runs, where a saved personal API token is looked for. */
    static final List<String> SAVING_STORES = List.of("keyring", "file");
    static final String HTTP_MODULE_HINT = "add the module io.github.inatauth.http (Maven artifact "
            + "io.github.inatauth:inat-auth-http, with org.eclipse.parsson) to the module path or class path";

    private Wiring() {
    }

    /** The sources found, and those added to the builder (which replace a found one of the same id). */
    static Map<String, CredentialSource> allSources(BuilderValues s, Discovery found) {
        Map<String, CredentialSource> available = new LinkedHashMap<>(found.sources());
        for (CredentialSource extra : s.extraSources()) {
            available.put(extra.id(), extra);
        }
        return available;
    }

    static List<CredentialSource> sources(BuilderValues s, Discovery found, ProviderContext context) {
        Map<String, CredentialSource> available = allSources(s, found);
        List<String> ids = s.sourceIds() != null ? s.sourceIds()
                : context.ids(Setting.SOURCES).orElse(null);
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
                throw new ConfigurationException("Unknown credential source '" + id + "' in " + Setting.SOURCES + "; "
                        + "available: " + String.join(", ", available.keySet()) + hintFor(id) + ".");
            }
            if (!chosen.contains(source)) {
                chosen.add(source);
            }
        }
        return chosen;
    }

    private static String hintFor(String id) {
        return switch (id) {
            case "remote" -> " (source 'remote' is in module io.github.inatauth.http)";
            case "keyring" -> " (add module io.github.inatauth.keyring)";
            case "file" -> " (add module io.github.inatauth.filestore)";
            default -> "";
        };
    }

    /** A store opened for one {@code InatAuth}, with the id it was chosen by. */
    record OpenedStore(String id, TokenStore store) {
        static OpenedStore of(TokenStoreProvider provider, ProviderContext context) {
            return new OpenedStore(provider.id(), provider.open(context));
        }
    }

    static OpenedStore store(BuilderValues s, Discovery found, ProviderContext context) {
        if (s.store() != null) {
            return OpenedStore.of(s.store(), context);
        }
        String id = s.storeId() != null ? s.storeId()
                : context.get(Setting.STORE).map(String::trim).orElse(null);
        if (id == null) {
            // not chosen: the file store when it is configured, else memory
            TokenStoreProvider file = found.stores().get("file");
            if (file != null) {
                try {
                    return OpenedStore.of(file, context);
                } catch (StoreException e) {
                    if (!e.isAbsent()) {
                        throw e;
                    }
                }
            }
            return new OpenedStore(MemoryStore.ID, MemoryStore.INSTANCE);
        }
        if (id.equals(NoStore.ID)) {
            return new OpenedStore(NoStore.ID, new NoStore());
        }
        TokenStoreProvider chosen = found.stores().get(id);
        if (chosen == null) {
            List<String> ids = new ArrayList<>(found.stores().keySet());
            ids.add(NoStore.ID);
            throw new ConfigurationException("Unknown token store '" + id + "' in " + Setting.STORE + "; available: "
                    + String.join(", ", ids) + hintFor(id) + ".");
        }
        return OpenedStore.of(chosen, context);
    }

    /** The issuer; null when a read-only store (a broker) serves every token and no issuer is there. */
    static TokenIssuer issuer(BuilderValues s, Discovery found, ProviderContext context, TokenStore store) {
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

    /**
     * The ids that name both a credential source that can save and a token store: {@link #SAVING_STORES}
     * first, in that order, then plug-ins' by id.
     */
    static List<String> credentialStores(Discovery found) {
        List<String> ids = new ArrayList<>();
        SAVING_STORES.forEach(ids::add);
        new TreeSet<>(found.sources().keySet()).stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        ids.removeIf(id -> found.sources().get(id) == null || !found.sources().get(id).canSave()
                || !found.stores().containsKey(id));
        return List.copyOf(ids);
    }

    /**
     * The stores that keep tokens between runs (keyring, file) other than {@code inUseId}, opened to
     * look for a personal token saved by {@code inat-auth login --api-token}; one not configured here
     * is left out. The caller closes them.
     */
    static List<OpenedStore> savingStores(Discovery found, ProviderContext context, String inUseId) {
        List<OpenedStore> opened = new ArrayList<>();
        for (String id : SAVING_STORES) {
            TokenStoreProvider provider = found.stores().get(id);
            if (provider == null || id.equals(inUseId)) {
                continue;
            }
            try {
                opened.add(OpenedStore.of(provider, context));
            } catch (StoreException e) {
                if (!e.isAbsent()) {
                    throw e;
                }
            }
        }
        return opened;
    }
}
