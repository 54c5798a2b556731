package io.github.inatauth.cli;

import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.InatAuth;
import io.github.inatauth.InatAuthException;
import io.github.inatauth.StoreException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code inat-auth login}: checks credentials with the server (a grant and a JWT), then saves them
 * to the keyring or the file store. Fields come from the environment; the rest are asked for on the
 * console (secrets without echo), or read from stdin with {@code --password-stdin}.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Checks your iNaturalist credentials (or, with --api-token, a personal API token) with the "
                + "server and saves them.",
                "Fields set in INAT_USERNAME, INAT_PASSWORD, INAT_APP_ID and INAT_APP_SECRET are taken from there; "
                        + "the others are asked for (the password and app secret without echo)."})
final class LoginCommand implements Callable<Integer> {

    @ParentCommand
    InatAuthCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "keyring|file", converter = StoreIdConverter.class,
            completionCandidates = StoreIdConverter.Candidates.class,
            description = "Where to save: the OS keyring or the encrypted file store (default: INAT_AUTH_STORE "
                    + "when it names one of them, else the keyring when there is one here, else the file store).")
    String store;

    /** --web, --no-browser, --oob, --port; null when none is given. */
    @ArgGroup(exclusive = false)
    WebLogin.Options webOptions;

    @Option(names = "--api-token", description = "Sign in with a personal API token instead of credentials (no OAuth "
            + "app needed): the JWT shown at https://www.inaturalist.org/users/api_token while signed in. Read from the "
            + "first line of standard input, or asked for without echo on a console; `inat-auth token` renews it while "
            + "it is valid.")
    boolean apiToken;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input "
            + "(and the app secret from the second, when INAT_APP_SECRET is not set), for scripts.")
    boolean passwordStdin;

    @Override
    public Integer call() {
        Terminal terminal = root.terminal();
        WebLogin.Options w = webOptions != null ? webOptions : new WebLogin.Options();
        boolean web = w.web;
        if (!web && (w.noBrowser || w.outOfBand || w.port != 0)) {
            throw new ParameterException(spec.commandLine(), "--no-browser, --oob and --port only apply with --web");
        }
        if (web && passwordStdin) {
            throw new ParameterException(spec.commandLine(), "--web needs no password: leave out --password-stdin");
        }
        if (w.port < 0 || w.port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port takes a port number, 0 to 65535");
        }
        if (apiToken && (web || passwordStdin)) {
            throw new ParameterException(spec.commandLine(), "--api-token needs neither --web nor --password-stdin");
        }
        ProviderContext context = root.context();
        String storeId = chooseStore(context);
        if (apiToken) {
            return ApiTokenLogin.run(root, storeId);
        }
        StoreIdConverter.requireInstalled(storeId);

        WebLogin.SignedIn signedIn = web ? WebLogin.signIn(terminal, w, root.context()) : null;
        Credentials credentials = web ? signedIn.credentials() : complete(Prompts.fromEnvironment(terminal));
        String checkedAt;
        try (InatAuth auth = verifying(credentials, storeId, signedIn)) {
            auth.accessToken(); // a grant and a JWT: proof that the server takes them
            checkedAt = describeServer(context);
            auth.saveCredentials(web ? credentials.withPassword(null).withAppSecret(null) : credentials);
        }
        terminal.err().println("Signed in to " + checkedAt + " and saved the credentials to the " + storeId + " store.");
        if (!storeId.equals(plainTokenStore())) {
            terminal.err().println("The token is kept in the " + storeId + " store too: set " + Setting.STORE + "=" + storeId
                    + " so that `inat-auth token` reuses it" + (web ? " (a browser sign-in cannot be repeated without you)." : "."));
        }
        return ExitCode.OK;
    }

    /** An instance that knows only these credentials and keeps its tokens where later commands find them. */
    private InatAuth verifying(Credentials credentials, String storeId, WebLogin.SignedIn signedIn) {
        InatAuth.Builder b = root.builder().credentials(credentials).sources().store(storeId);
        if (signedIn != null) {
            b.grant(signedIn.grant());
        }
        return b.build();
    }

    /** The token store a plain {@code inat-auth token} uses; null when that one cannot even be opened. */
    private String plainTokenStore() {
        try (InatAuth plain = root.builder().sources().build()) {
            return plain.storeId();
        } catch (InatAuthException e) {
            return null;
        }
    }

    /** The server signed in to, by the library's URL rules (so never with user info). */
    private String describeServer(ProviderContext context) {
        return root.baseUrl() != null || context.get(Setting.BASE_URL).isPresent() ? context.baseUrl().toString()
                : "iNaturalist";
    }

    /**
     * {@code --store}, else {@link Setting#STORE} when it is keyring or file, else the first saving
     * store that can serve here (the keyring needs a Secret Service; the file store a passphrase).
     */
    private String chooseStore(ProviderContext context) {
        if (store != null) {
            if (StoreIdConverter.installed().contains(store)) {
                open(store).close(); // fail before asking for a password that could not be saved
            }
            return store;
        }
        Optional<String> configured = context.get(Setting.STORE).map(String::trim);
        if (configured.isPresent() && StoreIdConverter.IDS.contains(configured.get())) {
            return configured.get();
        }
        List<String> present = StoreIdConverter.installed();
        List<String> reasons = new ArrayList<>();
        for (String id : present) {
            try {
                open(id).close();
                return id;
            } catch (StoreException e) {
                if (!e.isAbsent()) {
                    throw e;
                }
                reasons.add(id + ": " + e.getMessage());
            }
        }
        if (present.isEmpty()) {
            throw new io.github.inatauth.ConfigurationException("This installation has no store that can save "
                    + "credentials; add module io.github.inatauth.keyring or io.github.inatauth.filestore.");
        }
        throw new StoreException(StoreException.Kind.UNAVAILABLE, "No store can save credentials here ("
                + String.join("; ", reasons) + "); fix one of them, or set the credentials in " + Setting.USERNAME + ", "
                + Setting.PASSWORD + ", " + Setting.APP_ID + " and " + Setting.APP_SECRET + " instead.");
    }

    /** An instance on store {@code id} and nothing else: building it opens the store, which says whether it serves here. */
    private InatAuth open(String id) {
        return root.builder().sources().store(id).build();
    }

    /** The four fields: the environment's, then stdin's (with --password-stdin), then the console's. */
    private Credentials complete(Credentials fromEnv) {
        Credentials c = fromEnv;
        Terminal terminal = root.terminal();
        if (passwordStdin) {
            c = c.withPassword(Prompts.orMissing(terminal.readStdinLine(), Field.PASSWORD, "standard input"));
            if (!c.has(Field.APP_SECRET)) {
                c = c.withAppSecret(Prompts.orMissing(terminal.readStdinLine(), Field.APP_SECRET,
                        "the second line of standard input"));
            }
        }
        return Prompts.ask(terminal, c, List.of(Field.values()));
    }
}
