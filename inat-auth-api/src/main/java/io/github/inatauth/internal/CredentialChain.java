package io.github.inatauth.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialReport;
import io.github.inatauth.CredentialReport.Outcome;
import io.github.inatauth.CredentialReport.SourceReport;
import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.InatAuthException;
import io.github.inatauth.MissingCredentialsException;
import io.github.inatauth.Secret;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Asks sources in order and merges their fields: the first value of a field wins, a later source
 * never overwrites it, and sources after the point where all four fields are known are not asked.
 */
final class CredentialChain {
    static final String EXPLICIT = "explicit";

    private final Credentials explicit;
    private final List<CredentialSource> sources;
    /** The personal API token the credential command printed when it last ran; null when it gave none. */
    private volatile Secret commandApiToken;

    CredentialChain(Credentials explicit, List<CredentialSource> sources) {
        this.explicit = explicit;
        this.sources = List.copyOf(sources);
    }

    List<CredentialSource> sources() {
        return sources;
    }

    /**
     * Resolves the chain. With {@code stopOnBroken}, a configured-but-broken source throws its error;
     * without, it is reported as {@link Outcome#FAILED} and the chain goes on (for status reports).
     */
    Resolved resolve(ProviderContext context, boolean stopOnBroken) {
        return resolve(context, stopOnBroken, Set.of(Field.values()));
    }

    /**
     * Resolves the chain only as far as {@code needed} fields go: a source after the point where those
     * are known is not asked (a keyring on a dead bus costs nothing when the token is in a store).
     */
    Resolved resolve(ProviderContext context, boolean stopOnBroken, Set<Field> needed) {
        Credentials merged = Credentials.empty();
        Map<Field, String> provenance = new EnumMap<>(Field.class);
        List<SourceReport> reports = new ArrayList<>();
        if (!explicit.isEmpty()) {
            merged = take(merged, explicit, EXPLICIT, provenance);
            reports.add(new SourceReport(EXPLICIT, Outcome.FOUND, explicit.presentFields(), "given in code"));
        }
        for (CredentialSource source : sources) {
            if (merged.presentFields().containsAll(needed)) {
                reports.add(new SourceReport(source.id(), Outcome.NOT_ASKED, Set.of(), "not needed"));
                continue;
            }
            CredentialSource.Result result;
            try {
                result = source instanceof CommandSource command ? runCommand(command, context) : source.read(context);
            } catch (InatAuthException e) {
                if (stopOnBroken) {
                    throw e;
                }
                reports.add(new SourceReport(source.id(), Outcome.FAILED, Set.of(), e.getMessage()));
                continue;
            } catch (RuntimeException e) {
                // a plug-in's bug: name the plug-in, keep the cause for --verbose, quote no message
                ConfigurationException failure = new ConfigurationException("Credential source '" + source.id()
                        + "' (" + Discovery.describe(source) + ") failed with " + e.getClass().getName(), e);
                if (stopOnBroken) {
                    throw failure;
                }
                reports.add(new SourceReport(source.id(), Outcome.FAILED, Set.of(), failure.getMessage()));
                continue;
            }
            if (result instanceof CredentialSource.Result.Found found) {
                Credentials given = found.credentials() == null ? Credentials.empty() : found.credentials();
                merged = take(merged, given, source.id(), provenance);
                reports.add(new SourceReport(source.id(), Outcome.FOUND, given.presentFields(), found.location()));
            } else {
                reports.add(new SourceReport(source.id(), Outcome.NOT_CONFIGURED, Set.of(),
                        ((CredentialSource.Result.NotConfigured) result).hint()));
            }
        }
        return new Resolved(merged, provenance, reports);
    }

    /**
     * The chain's answer: the merged credentials, which stay inside the library, and what each source
     * said. Application code gets only {@link #report()}, which holds no value.
     */
    record Resolved(Credentials credentials, Map<Field, String> provenance, List<SourceReport> sources) {
        Resolved {
            provenance = Map.copyOf(provenance);
            sources = List.copyOf(sources);
        }

        /** The public view: each present field masked, its source, and the sources' reports. */
        CredentialReport report() {
            Map<Field, String> masked = new EnumMap<>(Field.class);
            for (Field f : credentials.presentFields()) {
                Secret value = switch (f) {
                    case PASSWORD -> credentials.password();
                    case APP_SECRET -> credentials.appSecret();
                    case USERNAME, APP_ID -> Secret.of(credentials.value(f)); // masked like the secrets: status shows no more
                };
                masked.put(f, value.masked());
            }
            return new CredentialReport(masked, provenance, sources);
        }
    }

    /** Reads the command as its {@code read} does, keeping the personal API token it may also print. */
    private CredentialSource.Result runCommand(CommandSource command, ProviderContext context) {
        Optional<CommandSource.Output> output = command.run(context);
        if (output.isEmpty()) {
            return command.read(context); // not configured: its hint
        }
        commandApiToken = output.get().apiToken();
        return new CredentialSource.Result.Found(output.get().credentials(), output.get().location());
    }

    /** The personal API token the credential command printed when the chain last asked it. */
    Optional<Secret> commandApiToken() {
        return Optional.ofNullable(commandApiToken);
    }

    private static Credentials take(Credentials merged, Credentials given, String id, Map<Field, String> provenance) {
        for (Field f : given.presentFields()) {
            provenance.putIfAbsent(f, id);
        }
        return merged.orElse(given);
    }

    /** The error for a report whose credentials lack {@code needed} fields: each source and what it gave. */
    static MissingCredentialsException missing(Resolved report, List<Field> needed) {
        List<Field> missing = needed.stream().filter(f -> !report.credentials().has(f)).collect(Collectors.toList());
        StringBuilder m = new StringBuilder("iNaturalist credentials are incomplete: no ")
                .append(names(missing)).append(". ");
        if (report.sources().isEmpty()) {
            m.append("No credential source was asked (INAT_AUTH_SOURCES selects none). ");
        } else {
            m.append("Asked: ");
            List<String> parts = new ArrayList<>();
            for (SourceReport r : report.sources()) {
                parts.add(switch (r.outcome()) {
                    case FOUND -> r.sourceId() + " (" + r.detail() + ") gave "
                            + (r.fields().isEmpty() ? "nothing" : names(sorted(r.fields())));
                    case NOT_CONFIGURED -> r.sourceId() + ": not configured, " + r.detail();
                    case FAILED -> r.sourceId() + ": failed, " + r.detail();
                    case NOT_ASKED -> r.sourceId() + ": not asked";
                });
            }
            m.append(String.join("; ", parts)).append(". ");
        }
        m.append("Set ").append(missing.stream().map(Field::environmentVariable).collect(Collectors.joining(", ")))
                .append(", or save credentials with `inat-auth login`. Without an OAuth app of your own, set ")
                .append(Setting.API_TOKEN.displayName()).append(" to the personal API token shown at ")
                .append("https://www.inaturalist.org/users/api_token, or save it with `inat-auth login --api-token`.");
        return new MissingCredentialsException(m.toString(), missing);
    }

    private static List<Field> sorted(Set<Field> fields) {
        return fields.stream().sorted().collect(Collectors.toList());
    }

    private static String names(List<Field> fields) {
        return fields.stream().map(Field::key).collect(Collectors.joining(", "));
    }
}
