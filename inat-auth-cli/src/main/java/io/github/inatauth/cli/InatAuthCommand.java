package io.github.inatauth.cli;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.ConfigurationException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.net.URI;
import java.util.Optional;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

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

    @Option(names = "--base-url", paramLabel = "URL", scope = ScopeType.INHERIT, converter = UrlConverter.class,
            description = "iNaturalist's site (default: INAT_AUTH_BASE_URL, else https://www.inaturalist.org).")
    URI baseUrl;

    @Option(names = "--api-url", paramLabel = "URL", scope = ScopeType.INHERIT, converter = UrlConverter.class,
            description = "iNaturalist's API (default: INAT_AUTH_API_URL, else the base URL + /v1 when one is set, "
                    + "else https://api.inaturalist.org/v1).")
    URI apiUrl;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show stack traces and the library's log messages.")
    boolean verbose;

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
        return verbose;
    }

    /** A builder with this command's URLs and environment; system properties stay the JVM's. */
    InatAuth.Builder builder() {
        InatAuth.Builder b = InatAuth.builder().environment(terminal.environment());
        if (baseUrl != null) {
            b.baseUrl(baseUrl.toString());
        }
        if (apiUrl != null) {
            b.apiUrl(apiUrl.toString());
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
        Optional.ofNullable(baseUrl).ifPresent(b::baseUrl);
        Optional.ofNullable(apiUrl).ifPresent(b::apiUrl);
        return b.build();
    }

    /** The library's rules for server URLs ({@code ServerUrls.normalize}), so that a typo is a usage error (exit 2). */
    static final class UrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return ServerUrls.normalize(value, "URL");
            } catch (ConfigurationException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
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
