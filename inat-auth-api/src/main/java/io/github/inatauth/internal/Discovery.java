package io.github.inatauth.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.TokenIssuerProvider;
import io.github.inatauth.spi.TokenStoreProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The providers found with {@link ServiceLoader}: on the module path, the class path, a given layer
 * or a given loader. Lookups are costly (JSON-P's users complained of one per call), so the default
 * lookup runs once per context class loader.
 */
record Discovery(Map<String, CredentialSource> sources, Map<String, TokenStoreProvider> stores,
        List<TokenIssuerProvider> issuers) {

    private static volatile Cached cached;

    private record Cached(ClassLoader loader, Discovery discovery) {
    }

    static Discovery find(ModuleLayer layer, ClassLoader loader) {
        if (layer != null) {
            return load(s -> ServiceLoader.load(layer, s));
        }
        if (loader != null) {
            return load(s -> ServiceLoader.load(s, loader));
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Cached c = cached;
        if (c == null || c.loader != context) {
            c = new Cached(context, load(s -> ServiceLoader.load(s, context)));
            cached = c;
        }
        return c.discovery;
    }

    private static Discovery load(Function<Class<?>, ServiceLoader<?>> loaderFor) {
        return new Discovery(
                byId(all(loaderFor, CredentialSource.class), CredentialSource::id, "credential sources"),
                byId(all(loaderFor, TokenStoreProvider.class), TokenStoreProvider::id, "token stores"),
                List.copyOf(all(loaderFor, TokenIssuerProvider.class)));
    }

    private static <T> List<T> all(Function<Class<?>, ServiceLoader<?>> loaderFor, Class<T> service) {
        List<T> found = new ArrayList<>();
        for (Object provider : loaderFor.apply(service)) {
            T p = service.cast(provider);
            // the same class seen on the module path and the class path counts once
            if (found.stream().noneMatch(f -> f.getClass().getName().equals(p.getClass().getName()))) {
                found.add(p);
            }
        }
        return found;
    }

    private static <T> Map<String, T> byId(List<T> providers, Function<T, String> id, String what) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T p : providers) {
            T before = map.putIfAbsent(id.apply(p), p);
            if (before != null) {
                throw new ConfigurationException("Two " + what + " have the id '" + id.apply(p) + "': "
                        + describe(before) + " and " + describe(p) + "; remove one of them from the module path.");
            }
        }
        return map;
    }

    static String describe(Object provider) {
        Module m = provider.getClass().getModule();
        return provider.getClass().getName() + " (" + (m.isNamed() ? "module " + m.getName() : "class path") + ")";
    }
}
