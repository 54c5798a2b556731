package io.github.inatauth.cli;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.CredentialReport;
import io.github.inatauth.CredentialReport.SourceReport;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.InatAuth;
import io.github.inatauth.InatAuthException;
import io.github.inatauth.PersonalTokenReport;
import io.github.inatauth.Secret;
import io.github.inatauth.StoredToken;
import io.github.inatauth.spi.Setting;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code inat-auth status}: what the credential chain finds (each field masked, with the source
 * that gave it), what every source said, the token store and its tokens' expiry. Makes no request
 * to iNaturalist.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows which credential sources are configured, which fields each gives (masked), "
                + "the token store and the cached tokens' expiry. Sends nothing to iNaturalist.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    InatAuthCommand root;

    @Override
    public Integer call() {
        PrintStream out = root.terminal().out();
        try (InatAuth auth = root.builder().build()) {
            CredentialReport report = auth.credentialReport();
            printCredentials(out, report);
            try {
                printPersonalToken(out, auth.personalToken().orElse(null), Instant.now());
            } catch (InatAuthException e) {
                out.println("Personal API token: FAILED: cannot read the store it would be saved in");
                // the token store's own report below says why, with its exit code
            }
            printSources(out, report.sources());
            out.println("Token store: " + auth.storeId());
            auth.storeProblem().ifPresent(problem -> out.println("  PROBLEM: " + problem));
            List<StoredToken> tokens;
            try {
                tokens = auth.storedTokens();
            } catch (InatAuthException e) {
                out.println("  FAILED: cannot read the tokens");
                out.flush();
                throw e; // its message on stderr, and its exit code
            }
            printTokens(out, tokens, Instant.now());
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void printCredentials(PrintStream out, CredentialReport report) {
        List<Field> missing = report.missingFields();
        out.println("Credentials: " + (missing.isEmpty() ? "complete" : "incomplete, no " + Prompts.names(missing)));
        for (Field f : Field.values()) {
            String value = report.masked(f).orElse("-");
            String from = report.sourceOf(f).map(s -> "from " + s).orElse("not set (" + f.environmentVariable() + ")");
            out.printf("  %-11s %-8s %s%n", Prompts.label(f), value, from);
        }
    }

    private static void printPersonalToken(PrintStream out, PersonalTokenReport p, Instant now) {
        if (p == null) {
            out.println("Personal API token: none (without an OAuth app: set " + Setting.API_TOKEN + ", or run "
                    + "`inat-auth login --api-token`)");
            return;
        }
        out.println("Personal API token: " + p.maskedToken() + " of iNaturalist user " + p.userId() + ", from "
                + p.origin() + "; used instead of the credentials");
        Duration left = Duration.between(now, p.expiresAt());
        out.println("  expires " + p.expiresAt().truncatedTo(ChronoUnit.SECONDS)
                + (left.isNegative() || left.isZero() ? " (expired)" : " (in " + human(left) + ")") + ", "
                + p.renewal().map(t -> "renewed at " + t.truncatedTo(ChronoUnit.SECONDS)).orElse("not renewed yet")
                + "; renewals kept in the " + p.storeId() + " store");
    }

    private static void printSources(PrintStream out, List<SourceReport> sources) {
        out.println("Sources, in the order asked:");
        if (sources.isEmpty()) {
            out.println("  none (" + Setting.SOURCES + " selects none)");
        }
        for (SourceReport r : sources) {
            String what = switch (r.outcome()) {
                case FOUND -> "gives " + (r.fields().isEmpty() ? "nothing"
                        : String.join(", ", r.fields().stream().sorted().map(Prompts::label).toList()))
                        + " (" + r.detail() + ")";
                case NOT_CONFIGURED -> "not configured: " + r.detail();
                case FAILED -> "FAILED: " + r.detail();
                case NOT_ASKED -> "not asked: the fields were complete before it";
            };
            out.printf("  %-8s %s%n", r.sourceId(), what);
        }
    }

    private static void printTokens(PrintStream out, List<StoredToken> tokens, Instant now) {
        if (tokens.isEmpty()) {
            out.println("  no cached tokens");
        }
        for (StoredToken t : tokens) {
            out.printf("  %-5s %s, %s: %s%n", t.type(), owner(t), server(t.baseUrl()), expiry(t, now));
        }
    }

    /** Whose token it is: a user and app (masked), or a personal API token's user (no app). */
    private static String owner(StoredToken k) {
        if (!k.appId().isEmpty()) {
            return "user " + mask(k.username()) + ", app " + mask(k.appId());
        }
        if (k.username().startsWith("user_id=")) {
            return "personal API token of user " + k.username().substring("user_id=".length());
        }
        return k.username().equals("api_token") ? "personal API token as given to login" : "from the broker";
    }

    /** A stored key's server as messages show URLs: never with user info (an older version may have kept some). */
    private static String server(String baseUrl) {
        try {
            return ServerUrls.display(new URI(baseUrl));
        } catch (URISyntaxException e) {
            return "(not a URL)";
        }
    }

    /** {@code al***}: enough to recognise a value, not to use it. Short values are all stars. */
    static String mask(String value) {
        return value == null || value.isEmpty() ? "-" : Secret.of(value).masked();
    }

    static String expiry(StoredToken token, Instant now) {
        Instant obtained = token.obtainedAt().truncatedTo(ChronoUnit.SECONDS);
        if (token.expiresAt() == null) {
            return "obtained " + obtained + ", no expiry";
        }
        Instant exp = token.expiresAt();
        Duration left = Duration.between(now, exp);
        return "obtained " + obtained + ", expires " + exp.truncatedTo(ChronoUnit.SECONDS)
                + (left.isNegative() || left.isZero() ? " (expired)" : " (in " + human(left) + ")");
    }

    static String human(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return d.toSeconds() + " s";
        }
        return minutes < 60 ? minutes + " min" : d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}
