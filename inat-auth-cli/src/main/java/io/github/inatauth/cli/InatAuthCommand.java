package io.github.inatauth.cli;

import io.github.inatauth.InatAuth;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.net.URI;
import java.util.Optional;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code inat-auth}: the top-level command and its global options. */
@Command(name = "inat-auth",
        mixinStandardHelpOptions = true,
        versionProvider = InatAuthCommand.Version.class,
        description = "Gets iNaturalist access tokens.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {TokenCommand.class, LoginCommand.class, LogoutCommand.class, StatusCommand.class,
                DemoCommand.class, AutoComplete.GenerateCompletion.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done", "  2  bad usage or configuration", "  3  credentials missing or incomplete",
                "  4  credentials rejected by the server", "  5  server or network failure",
                "  6  local store failure (keyring, passphrase, damaged file)"})
public final class InatAuthCommand implements Runnable {

    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    /**
     * --base-url, --api-url, --verbose: taken by every command. Null until picocli parses a command
     * line: the plain {@code token} runs without picocli and has none of them (nor loads their class).
     */
    @Mixin
    SharedOptions shared;

    public InatAuthCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Without a command: say which ones there are, and fail as bad usage. */
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a command.");
    }

    Terminal terminal() {
        return terminal;
    }

    boolean verbose() {
        return shared != null && shared.verbose;
    }

    /** {@return --base-url, or null} */
    URI baseUrl() {
        return shared == null ? null : shared.baseUrl;
    }

    /** {@return --api-url, or null} */
    URI apiUrl() {
        return shared == null ? null : shared.apiUrl;
    }

    /** A builder with this command's URLs and environment; system properties stay the JVM's. */
    InatAuth.Builder builder() {
        InatAuth.Builder b = InatAuth.builder().environment(terminal.environment());
        if (baseUrl() != null) {
            b.baseUrl(baseUrl().toString());
        }
        if (apiUrl() != null) {
            b.apiUrl(apiUrl().toString());
        }
        return b;
    }

    /**
     * The terminal's environment with the server URLs as the library picks them: the options, else
     * {@link Setting#BASE_URL} / {@link Setting#API_URL}, else iNaturalist's (the same context an
     * {@code InatAuth} of {@link #builder()} gets).
     */
    ProviderContext context() {
        ProviderContext.Builder b = ProviderContext.builder().environment(terminal.environment());
        Optional.ofNullable(baseUrl()).ifPresent(b::baseUrl);
        Optional.ofNullable(apiUrl()).ifPresent(b::apiUrl);
        return b.build();
    }

    /** The version written into the jar's manifest by the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = InatAuthCommand.class.getModule().getDescriptor() == null ? null
                    : InatAuthCommand.class.getModule().getDescriptor().rawVersion().orElse(null);
            if (v == null) {
                v = InatAuthCommand.class.getPackage().getImplementationVersion();
            }
            return new String[] {"inat-auth " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
