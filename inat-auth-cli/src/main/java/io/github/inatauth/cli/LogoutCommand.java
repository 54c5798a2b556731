package io.github.inatauth.cli;

import io.github.inatauth.InatAuth;
import io.github.inatauth.StoreException;
import java.util.ArrayList;
import java.util.List;
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
        List<String> ids = store != null ? List.of(store) : StoreIdConverter.installed();
        if (store != null) {
            StoreIdConverter.requireInstalled(store);
        }
        List<String> done = new ArrayList<>();
        for (String id : ids) {
            done.add(id + ": " + clear(id));
        }
        terminal.err().println(ids.isEmpty() ? "No store that keeps credentials is in this installation; nothing to remove."
                : String.join("; ", done) + ".");
        return ExitCode.OK;
    }

    /** What was removed from store {@code id}: its credentials, then its tokens. */
    private String clear(String id) {
        // an instance on this store alone: building it opens the store, and no credential source is read
        try (InatAuth auth = root.builder().sources().store(id).build()) {
            String credentials = clearCredentials(auth);
            String tokens = clearTokens(auth);
            return credentials.equals(tokens) ? credentials : credentials + ", " + tokens;
        } catch (StoreException e) {
            return skipIfAbsent(e);
        }
    }

    private String clearCredentials(InatAuth auth) {
        try {
            return auth.deleteCredentials() ? "removed the credentials" : "no credentials saved";
        } catch (StoreException e) {
            return skipIfAbsent(e);
        }
    }

    private String clearTokens(InatAuth auth) {
        try {
            int tokens = auth.deleteStoredTokens();
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
