package io.github.inatauth.cli;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.TokenStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The places {@code login} saves to and {@code logout} clears: the credential sources that can save
 * ({@code keyring}, {@code file}) and the token stores with the same ids, found with ServiceLoader
 * like the library finds them.
 */
final class Providers {
    /** The ids {@code --store} takes, in the order tried when none is given. */
    static final List<String> SAVING_STORES = List.of("keyring", "file");

    private Providers() {
    }

    static Optional<CredentialSource> source(String id) {
        for (CredentialSource s : ServiceLoader.load(CredentialSource.class)) {
            if (s.id().equals(id) && s.canSave()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    static Optional<TokenStoreProvider> tokenStore(String id) {
        for (TokenStoreProvider s : ServiceLoader.load(TokenStoreProvider.class)) {
            if (s.id().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The saving stores present in this image or module path, in {@link #SAVING_STORES} order. */
    static List<String> presentSavingStores() {
        List<String> present = new ArrayList<>();
        for (String id : SAVING_STORES) {
            if (source(id).isPresent()) {
                present.add(id);
            }
        }
        return present;
    }

    /** A source that can save, or a configuration error (exit 2) naming the module to add. */
    static CredentialSource requireSource(String id) {
        return source(id).orElseThrow(() -> new ConfigurationException("The '" + id + "' store is not in this "
                + "installation (module " + moduleOf(id) + " is missing); use --store "
                + String.join(" or --store ", otherThan(id)) + "."));
    }

    private static List<String> otherThan(String id) {
        List<String> others = new ArrayList<>(presentSavingStores());
        others.remove(id);
        return others.isEmpty() ? List.of("<none available>") : others;
    }

    static String moduleOf(String id) {
        return "file".equals(id) ? "io.github.inatauth.filestore" : "io.github.inatauth." + id;
    }
}
