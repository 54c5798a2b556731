package io.github.inatauth.cli;

import io.github.inatauth.internal.shared.JwtClaims;
import io.github.inatauth.CredentialReport;
import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.InatAuth;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.testkit.InatTestServer;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code inat-auth demo}: the main job against the testkit's stand-in on loopback, with no network
 * and no set-up. Credentials come from a throw-away environment, never the real one, and no secret
 * is printed: tokens appear as masked prefixes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Walks through the whole flow against a built-in local stand-in for iNaturalist: "
                + "no network, no set-up, and nothing saved.")
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    InatAuthCommand root;

    private PrintStream out;
    private final List<String> surprises = new ArrayList<>();
    private int step;

    @Override
    public Integer call() {
        out = root.terminal().out();
        out.println("inat-auth demo: the main job against a local stand-in for iNaturalist (no network, no set-up).");
        out.println();
        InatTestServer server = timed("Start the stand-in for iNaturalist on loopback", InatTestServer::start,
                s -> "listening at " + s.baseUrl());
        try (server) {
            Credentials credentials = server.defaultCredentials();
            // a throw-away environment: the demo never reads the real one, nor -Dinat.auth.* properties
            Map<String, String> environment = Map.of(
                    Setting.USERNAME.displayName(), credentials.username(),
                    Setting.PASSWORD.displayName(), credentials.value(Field.PASSWORD),
                    Setting.APP_ID.displayName(), credentials.appId(),
                    Setting.APP_SECRET.displayName(), credentials.value(Field.APP_SECRET),
                    Setting.SOURCES.displayName(), "env",
                    Setting.STORE.displayName(), "memory",
                    Setting.BASE_URL.displayName(), server.baseUrl().toString());
            try (InatAuth auth = InatAuth.builder().environment(environment::get).systemProperties(name -> null).build()) {
                run(server, auth);
            }
            personalToken(server);
        }
        out.println();
        if (!surprises.isEmpty()) {
            out.println("The demo did not go as expected: " + String.join("; ", surprises) + ".");
            return ExitCode.INTERNAL;
        }
        out.println("Done. Without an OAuth app: copy your token from https://www.inaturalist.org/users/api_token and "
                + "run `inat-auth login --api-token` (or set " + Setting.API_TOKEN + "). With an app: set " + Setting.USERNAME
                + ", " + Setting.PASSWORD + ", " + Setting.APP_ID + " and " + Setting.APP_SECRET
                + " (or run `inat-auth login`). Then `inat-auth token`.");
        return ExitCode.OK;
    }

    private void run(InatTestServer server, InatAuth auth) {
        CredentialReport report = timed("Read credentials from a throw-away environment (" + Setting.USERNAME + ", ...)",
                auth::credentialReport, r -> describe(r));
        expect(report.isComplete(), "the credentials were incomplete");

        String first = timed("First token: a password grant, then the OAuth token exchanged for a JWT",
                auth::accessToken, jwt -> "JWT " + StatusCommand.mask(jwt) + ", " + expiry(jwt) + "; " + counts(server));
        expect(server.grantCount() == 1 && server.jwtCount() == 1, "the first token took other than one grant and one JWT");

        String second = timed("Second call: served from the cache", auth::accessToken,
                jwt -> (jwt.equals(first) ? "the same JWT" : "a different JWT") + ", no request; " + counts(server));
        expect(second.equals(first) && server.grantCount() == 1 && server.jwtCount() == 1,
                "the second call was not served from the cache");

        String refreshed = timed("Forced refresh (pyinaturalist's refresh=True): a new grant and a new JWT",
                auth::refreshAccessToken, jwt -> "JWT " + StatusCommand.mask(jwt) + ", " + expiry(jwt) + "; " + counts(server));
        expect(server.grantCount() == 2 && server.jwtCount() == 2, "the refresh did not make a new grant and JWT");

        String oauth = timed("The OAuth token, from the cache too", () -> auth.accessToken(TokenType.OAUTH),
                t -> "OAuth token " + StatusCommand.mask(t) + ", no expiry; " + counts(server));
        expect(server.grantCount() == 2, "the OAuth token was not served from the cache");

        boolean valid = timed("Validate the JWT: GET /v1/users/me", () -> auth.isValid(refreshed),
                v -> v ? "accepted" : "REJECTED");
        expect(valid, "the stand-in rejected the refreshed JWT");
        boolean forged = timed("Validate a made-up JWT", () -> auth.isValid(oauth + ".not.a.jwt"),
                v -> v ? "ACCEPTED" : "rejected, as it should be");
        expect(!forged, "the stand-in accepted a made-up JWT");
    }

    /** The path for people without an OAuth app: a personal API token that renews itself, no credentials at all. */
    private void personalToken(InatTestServer server) {
        int grants = server.grantCount();
        int jwts = server.jwtCount();
        // as copied from /users/api_token 23 h 57 min ago: 3 minutes left, so renewal is due
        String pasted = server.issueApiToken(InatTestServer.DEFAULT_USERNAME,
                InatTestServer.DEFAULT_JWT_LIFETIME.minusMinutes(3));
        Map<String, String> environment = Map.of(Setting.API_TOKEN.displayName(), pasted,
                Setting.STORE.displayName(), "memory", Setting.BASE_URL.displayName(), server.baseUrl().toString());
        out.println();
        out.println("Without an OAuth app: a personal API token (" + Setting.API_TOKEN + "), as copied from /users/api_token.");
        try (InatAuth auth = InatAuth.builder().environment(environment::get).systemProperties(name -> null).build()) {
            String renewed = timed("A token pasted almost 24 hours ago: renewed with GET /users/api_token, no credentials",
                    auth::accessToken, jwt -> "JWT " + StatusCommand.mask(jwt) + ", " + expiry(jwt) + "; "
                            + (server.jwtCount() - jwts) + " renewal, " + (server.grantCount() - grants) + " grants");
            expect(!renewed.equals(pasted) && server.jwtCount() == jwts + 1 && server.grantCount() == grants,
                    "the personal token was not renewed exactly once without a grant");
            String again = timed("Next call: the renewed token, from the cache", auth::accessToken,
                    jwt -> (jwt.equals(renewed) ? "the same JWT" : "a different JWT") + ", no request");
            expect(again.equals(renewed) && server.jwtCount() == jwts + 1, "the renewed token was not cached");
        }
    }

    private <T> T timed(String what, Supplier<T> action, java.util.function.Function<T, String> result) {
        step++;
        out.printf("%d. %s%n", step, what);
        long start = System.nanoTime();
        T value = action.get();
        long nanos = System.nanoTime() - start;
        out.printf("   -> %s  [%s]%n", result.apply(value), duration(nanos));
        return value;
    }

    private void expect(boolean condition, String surprise) {
        if (!condition) {
            surprises.add(surprise);
            out.println("   !! " + surprise);
        }
    }

    private static String describe(CredentialReport r) {
        List<String> parts = new ArrayList<>();
        for (Field f : Field.values()) {
            if (r.has(f)) {
                parts.add(Prompts.label(f) + " " + r.masked(f).orElseThrow() + " (from "
                        + r.sourceOf(f).orElse("?") + ")");
            }
        }
        return String.join(", ", parts);
    }

    private static String expiry(String jwt) {
        return JwtClaims.expiry(jwt).map(exp -> "expires in " + StatusCommand.human(
                java.time.Duration.between(Instant.now(), exp))).orElse("no expiry claim");
    }

    private static String counts(InatTestServer server) {
        return "the stand-in has seen " + server.grantCount() + " grant(s), " + server.jwtCount() + " JWT request(s)";
    }

    private static String duration(long nanos) {
        double ms = nanos / 1_000_000.0;
        return String.format(Locale.ROOT, ms < 1 ? "%.3f ms" : "%.1f ms", ms);
    }
}
