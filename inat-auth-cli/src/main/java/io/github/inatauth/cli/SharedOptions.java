package io.github.inatauth.cli;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.ConfigurationException;
import java.net.URI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every command takes, before or after its name ({@code inat-auth --base-url URL token} and
 * {@code inat-auth token --base-url URL} alike): mixed into the top-level command, inherited by each
 * command.
 */
final class SharedOptions {

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
}
