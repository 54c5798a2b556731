package io.github.inatauth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The conformance server ({@code conformance/server.rb}: Rails with Debian's Doorkeeper, configured as
 * iNaturalist's) as a JUnit extension: started once per test run on a free loopback port, stopped at
 * its end, and given to test methods as a parameter. Where ruby or one of the Debian packages is
 * missing, the tests are skipped with the reason, unless {@code INAT_AUTH_CONFORMANCE=required}
 * (CI), which makes that a failure.
 */
final class ConformanceServer implements BeforeAllCallback, ParameterResolver {
    /** An app seeded by server.rb. */
    record App(String id, String secret, boolean confidential) {
    }

    /** A user seeded by server.rb. */
    record User(String login, String password) {
    }

    static final App PUBLIC_APP = new App("conformance-public", "public-app-secret-unused", false);
    static final App CONFIDENTIAL_APP = new App("conformance-confidential", "confidential-app-secret-5b1c", true);
    /** A password with the characters forms and JSON escape: space, umlaut, + & = % " ' \ ✓ ; #. */
    static final User ALICE = new User("alice", "p@ss w\u00f6rd+&=%\"'\\\u2713;#");
    static final User BOB = new User("bob", "bob-password-1");
    static final User SUSPENDED = new User("suspended_sam", "sam-password-1");
    /** Only for the tests of revocation and renewal, which count her tokens. */
    static final User CAROL = new User("carol", "carol-password-1");

    /** A user's OAuth tokens on the server: all that were granted, and those not revoked. */
    record Tokens(int total, int live) {
    }

    static final Path APP_DIR = Path.of(System.getProperty("inat.auth.conformance.dir", "../conformance"));
    /** The ruby to run it with; a system property so that the skip can be tried on a machine with ruby. */
    private static final String RUBY = System.getProperty("inat.auth.conformance.ruby", "ruby");
    private static final String PACKAGES = "ruby-doorkeeper ruby-railties ruby-activerecord ruby-sqlite3 ruby-jwt "
            + "ruby-bcrypt puma";
    /** Rails boots in a few seconds; a machine under load may take many times that. */
    private static final long BOOT_LIMIT_SECONDS = 180;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConformanceServer.class);

    private final URI baseUrl;
    private final Process process;
    private final Path dataDir;

    private ConformanceServer(URI baseUrl, Process process, Path dataDir) {
        this.baseUrl = baseUrl;
        this.process = process;
        this.dataDir = dataDir;
    }

    /** Only for JUnit's {@code @ExtendWith}. */
    ConformanceServer() {
        this(null, null, null);
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** The API's URL: the server answers {@code /v1/users/me} as the Node API does. */
    URI apiUrl() {
        return baseUrl.resolve("/v1");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Outcome outcome = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Outcome.class, k -> start(), Outcome.class);
        if (outcome.server() == null) {
            if ("required".equals(System.getenv("INAT_AUTH_CONFORMANCE"))) {
                throw new AssertionError("The conformance server is required (INAT_AUTH_CONFORMANCE=required) but "
                        + outcome.skipReason());
            }
            Assumptions.abort("Conformance suite skipped: " + outcome.skipReason());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConformanceServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).get(Outcome.class, Outcome.class).server();
    }

    /** The server, or why there is none; stopped by JUnit at the end of the run. */
    private record Outcome(ConformanceServer server, String skipReason) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (server != null) {
                server.stop();
            }
        }
    }

    private static Outcome start() {
        Path script = APP_DIR.resolve("server.rb").toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no conformance app at " + script);
        }
        Path dataDir;
        Process process;
        try {
            dataDir = Files.createTempDirectory("inat-auth-conformance");
            ProcessBuilder pb = new ProcessBuilder(List.of(RUBY, script.toString(), dataDir.toString()))
                    .redirectError(dataDir.resolve("server.log").toFile());
            process = pb.start();
        } catch (IOException e) {
            return new Outcome(null, "ruby cannot be started here (" + e.getMessage() + "); install Debian's " + PACKAGES);
        }
        CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("listening on ")) {
                        return line.substring("listening on ".length()).strip();
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String url;
        try {
            url = listening.get(BOOT_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the conformance server did not start in " + BOOT_LIMIT_SECONDS + " s:\n" + log(dataDir));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IllegalStateException("reading the conformance server's output failed", e);
        }
        if (url == null) {
            String log = log(dataDir);
            if (log.contains("cannot load such file")) { // a missing package: a reason to skip, not a failure
                return new Outcome(null, log.lines().filter(l -> l.contains("cannot load such file")).findFirst().orElse("")
                        .strip() + "; install Debian's " + PACKAGES);
            }
            throw new IllegalStateException("the conformance server ended before it served:\n" + log);
        }
        return new Outcome(new ConformanceServer(URI.create(url), process, dataDir), null);
    }

    /** The user's OAuth tokens in the server's database (server.rb's admin route, not iNaturalist's). */
    Tokens tokens(User user) throws IOException {
        String json = admin("GET", "/conformance/users/" + user.login() + "/tokens", 200);
        return new Tokens(number(json, "total"), number(json, "live"));
    }

    /** Revokes all the user's OAuth tokens, as iNaturalist does on a password change or a suspension. */
    void revokeTokens(User user) throws IOException {
        admin("POST", "/conformance/users/" + user.login() + "/revoke_tokens", 204);
    }

    /** A personal API token (a JWT) of the user for the app, signed by the server, ending in {@code seconds}. */
    String apiTokenEndingIn(User user, App app, long seconds) throws IOException {
        String json = admin("POST", "/conformance/users/" + user.login() + "/api_token?app=" + app.id()
                + "&expires_in=" + seconds, 200);
        Matcher m = Pattern.compile("\"api_token\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no api_token in " + json);
        }
        return m.group(1);
    }

    private String admin(String method, String path, int expected) throws IOException {
        HttpURLConnection c = (HttpURLConnection) baseUrl.resolve(path).toURL().openConnection();
        try {
            c.setRequestMethod(method);
            if (c.getResponseCode() != expected) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + c.getResponseCode() + "\n" + log());
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            c.disconnect();
        }
    }

    private static int number(String json, String member) {
        Matcher m = Pattern.compile("\"" + member + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + member + " in " + json);
        }
        return Integer.parseInt(m.group(1));
    }

    /** The server's own log (stderr), for a failure message. */
    String log() {
        return log(dataDir);
    }

    private static String log(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stop() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
