package io.github.inatauth.cli;

import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.InatAuth;
import io.github.inatauth.MissingCredentialsException;
import io.github.inatauth.StoreException;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.spi.TokenStoreProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ParentCommand;

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

    @Option(names = "--web", description = "Sign in in the browser (authorization code with PKCE) instead of "
            + "giving the password; needs only the app id (and INAT_APP_SECRET for a confidential app).")
    boolean web;

    @Option(names = "--no-browser", description = "With --web: only print the sign-in address, and wait for "
            + "the browser to come back to this machine.")
    boolean noBrowser;

    @Option(names = "--oob", description = "With --web: out of band; iNaturalist shows a code that you paste here "
            + "(for a machine the browser cannot reach).")
    boolean outOfBand;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "With --web: the port of the "
            + "redirect listener on 127.0.0.1, as registered for your app (default: a free one).")
    int port;

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
        if (!web && (noBrowser || outOfBand || port != 0)) {
            throw new ParameterException(spec.commandLine(), "--no-browser, --oob and --port only apply with --web");
        }
        if (web && passwordStdin) {
            throw new ParameterException(spec.commandLine(), "--web needs no password: leave out --password-stdin");
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port takes a port number, 0 to 65535");
        }
        if (apiToken && (web || passwordStdin)) {
            throw new ParameterException(spec.commandLine(), "--api-token needs neither --web nor --password-stdin");
        }
        ProviderContext context = root.context();
        String storeId = chooseStore(context);
        if (apiToken) {
            return ApiTokenLogin.run(this, storeId);
        }
        CredentialSource target = Providers.requireSource(storeId);

        WebLogin.SignedIn signedIn = web ? WebLogin.signIn(this) : null;
        Credentials credentials = web ? signedIn.credentials() : complete(fromEnvironment(terminal));
        String checkedAt;
        try (InatAuth auth = verifying(credentials, storeId, signedIn)) {
            auth.accessToken(); // a grant and a JWT: proof that the server takes them
            checkedAt = describeServer(context);
        }
        target.save(context, web ? credentials.withPassword(null).withAppSecret(null) : credentials);
        terminal.err().println("Signed in to " + checkedAt + " and saved the credentials to the " + storeId + " store.");
        if (Providers.tokenStore(storeId).isPresent() && !storeId.equals(effectiveTokenStore(context))) {
            terminal.err().println("The token is kept in the " + storeId + " store too: set " + Setting.STORE + "=" + storeId
                    + " so that `inat-auth token` reuses it" + (web ? " (a browser sign-in cannot be repeated without you)." : "."));
        }
        return ExitCode.OK;
    }

    /** An instance that knows only these credentials and keeps its tokens where later commands find them. */
    private InatAuth verifying(Credentials credentials, String storeId, WebLogin.SignedIn signedIn) {
        InatAuth.Builder b = root.builder().credentials(credentials).sources();
        b.store(Providers.tokenStore(storeId).isPresent() ? storeId : "none");
        if (signedIn != null) {
            b.grant(signedIn.grant());
        }
        return b.build();
    }

    /** The token store later commands use without --store: {@link Setting#STORE}, else file when it is configured. */
    private String effectiveTokenStore(ProviderContext context) {
        Optional<String> configured = context.get(Setting.STORE);
        if (configured.isPresent()) {
            return configured.get().trim();
        }
        Optional<TokenStoreProvider> file = Providers.tokenStore("file");
        if (file.isPresent()) {
            try {
                file.get().open(context).close();
                return "file";
            } catch (StoreException e) {
                return "memory";
            }
        }
        return "memory";
    }

    /** The server signed in to, by the library's URL rules (so never with user info). */
    private String describeServer(ProviderContext context) {
        return root.baseUrl != null || context.get(Setting.BASE_URL).isPresent() ? context.baseUrl().toString()
                : "iNaturalist";
    }

    /**
     * {@code --store}, else {@link Setting#STORE} when it is keyring or file, else the first saving
     * store that can serve here (the keyring needs a Secret Service; the file store a passphrase).
     */
    private String chooseStore(ProviderContext context) {
        if (store != null) {
            // fail before asking for a password that could not be saved
            Providers.tokenStore(store).ifPresent(t -> t.open(context).close());
            return store;
        }
        Optional<String> configured = context.get(Setting.STORE).map(String::trim);
        if (configured.isPresent() && Providers.SAVING_STORES.contains(configured.get())) {
            return configured.get();
        }
        List<String> present = Providers.presentSavingStores();
        List<String> reasons = new ArrayList<>();
        for (String id : present) {
            Optional<TokenStoreProvider> tokens = Providers.tokenStore(id);
            if (tokens.isEmpty()) {
                return id;
            }
            try {
                tokens.get().open(context).close();
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

    private static Credentials fromEnvironment(Terminal terminal) {
        return Credentials.of(terminal.env(Field.USERNAME.environmentVariable()),
                terminal.env(Field.PASSWORD.environmentVariable()), terminal.env(Field.APP_ID.environmentVariable()),
                terminal.env(Field.APP_SECRET.environmentVariable()));
    }

    /** The four fields: the environment's, then stdin's (with --password-stdin), then the console's. */
    private Credentials complete(Credentials fromEnv) {
        Credentials c = fromEnv;
        Terminal terminal = root.terminal();
        if (passwordStdin) {
            c = c.withPassword(orMissing(terminal.readStdinLine(), Field.PASSWORD, "standard input"));
            if (!c.has(Field.APP_SECRET)) {
                c = c.withAppSecret(orMissing(terminal.readStdinLine(), Field.APP_SECRET, "the second line of standard input"));
            }
        }
        return ask(c, List.of(Field.values()));
    }

    /** Asks the console for each of {@code fields} that {@code c} lacks. */
    Credentials ask(Credentials c, List<Field> fields) {
        List<Field> missing = fields.stream().filter(f -> !c.has(f)).toList();
        if (missing.isEmpty()) {
            return c;
        }
        Terminal.Prompter prompter = root.terminal().prompter();
        if (prompter == null) {
            throw new MissingCredentialsException("No console to ask for the " + names(missing) + ": set "
                    + String.join(", ", missing.stream().map(Field::environmentVariable).toList())
                    + (missing.contains(Field.PASSWORD) ? " (or pass the password with --password-stdin)" : "")
                    + ", or run `inat-auth login` in a terminal.", missing);
        }
        Credentials result = c;
        for (Field f : missing) {
            String label = label(f);
            String value;
            if (f.isSecret()) {
                char[] typed = prompter.readSecret(label + ": ");
                value = typed == null ? null : new String(typed);
                if (typed != null) {
                    Arrays.fill(typed, '\0');
                }
            } else {
                value = prompter.readLine(label + ": ");
            }
            value = orMissing(value == null ? null : value.strip(), f, "the console");
            result = switch (f) {
                case USERNAME -> result.withUsername(value);
                case PASSWORD -> result.withPassword(value);
                case APP_ID -> result.withAppId(value);
                case APP_SECRET -> result.withAppSecret(value);
            };
        }
        return result;
    }

    private static String orMissing(String value, Field field, String where) {
        if (value == null || value.isEmpty()) {
            throw new MissingCredentialsException("No " + label(field) + " was given on " + where + "; give one, or set "
                    + field.environmentVariable() + ".", List.of(field));
        }
        return value;
    }

    static String label(Field f) {
        return f.key().replace('_', ' ');
    }

    private static String names(List<Field> fields) {
        return String.join(", ", fields.stream().map(LoginCommand::label).toList());
    }
}
