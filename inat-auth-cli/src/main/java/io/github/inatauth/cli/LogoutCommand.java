package io.github.inatauth.cli;

import io.github.inatauth.StoreException;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.spi.TokenStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code inat-auth logout}: removes saved credentials and cached tokens from one store, or from every store here. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Removes saved credentials and cached tokens.")
final class LogoutCommand implements Callable<Integer> {

    @ParentCommand
    InatAuthCommand root;

    @Option(names = "--store", paramLabel = "keyring|file", converter = StoreIdConverter.class,
            completionCandidates = StoreIdConverter.Candidates.class,
            description = "Clear only this store (default: every one that is available here).")
    String store;

    @Override
    public Integer call() {
        Terminal terminal = root.terminal();
        ProviderContext context = root.context();
        List<String> ids = store != null ? List.of(store) : Providers.presentSavingStores();
        if (store != null) {
            Providers.requireSource(store);
        }
        List<String> done = new ArrayList<>();
        for (String id : ids) {
            String credentials = clearCredentials(id, context);
            String tokens = clearTokens(id, context);
            done.add(id + ": " + (credentials.equals(tokens) ? credentials : credentials + ", " + tokens));
        }
        terminal.err().println(ids.isEmpty() ? "No store that keeps credentials is in this installation; nothing to remove."
                : String.join("; ", done) + ".");
        return ExitCode.OK;
    }

    private String clearCredentials(String id, ProviderContext context) {
        Optional<CredentialSource> source = Providers.source(id);
        if (source.isEmpty()) {
            return "no credentials saved";
        }
        try {
            return source.get().delete(context) ? "removed the credentials" : "no credentials saved";
        } catch (StoreException e) {
            return skipIfAbsent(e);
        }
    }

    private String clearTokens(String id, ProviderContext context) {
        Optional<TokenStoreProvider> factory = Providers.tokenStore(id);
        if (factory.isEmpty()) {
            return "no cached tokens";
        }
        try (TokenStore opened = factory.get().open(context)) {
            int tokens = opened.list().size();
            opened.deleteAll();
            return tokens == 0 ? "no cached tokens" : "removed " + tokens + " cached token" + (tokens == 1 ? "" : "s");
        } catch (StoreException e) {
            return skipIfAbsent(e);
        }
    }

    /** A store that is not here is skipped unless it was asked for by name; a broken one always fails. */
    private String skipIfAbsent(StoreException e) {
        if (store != null || !e.isAbsent()) {
            throw e;
        }
        return "not available here";
    }
}
