package io.github.inatauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The settings catalog: how {@link ProviderContext} reads it, and that the docs and code name only its settings. */
class SettingTest {
    /** The repository, from the module folder the tests run in. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern NAME = Pattern.compile("INAT_[A-Z0-9_]*[A-Z0-9]|inat\\.auth\\.[A-Za-z0-9.]*[A-Za-z0-9]");

    private static ProviderContext context(Map<String, String> env, Map<String, String> props) {
        return ProviderContext.builder().environment(env::get).systemProperties(props::get).build();
    }

    @Test
    void get_propertyBeatsVariable_andEmptyIsUnset() {
        assertThat(context(Map.of("INAT_AUTH_STORE", "file"), Map.of("inat.auth.store", "keyring")).get(Setting.STORE))
                .contains("keyring");
        assertThat(context(Map.of("INAT_AUTH_STORE", "file"), Map.of("inat.auth.store", "")).get(Setting.STORE))
                .contains("file");
        assertThat(context(Map.of(), Map.of()).get(Setting.STORE)).isEmpty();
    }

    @Test
    void get_variableOnlySetting_ignoresAPropertyOfTheSameSpirit() {
        // the passphrase has no system property: nothing under inat.auth.* is read for it
        assertThat(context(Map.of(), Map.of("inat.auth.passphrase", "x")).get(Setting.PASSPHRASE)).isEmpty();
        assertThat(Setting.PASSPHRASE.displayName()).isEqualTo("INAT_AUTH_PASSPHRASE");
        assertThat(Setting.HTTP_BODY_FORMAT.displayName()).isEqualTo("inat.auth.http.bodyFormat");
    }

    @Test
    void typedReaders_parseTheirKind() {
        ProviderContext c = context(Map.of("INAT_AUTH_SOURCES", " env, ,keyring ", "INAT_AUTH_HOME", "store/../here",
                "INAT_AUTH_PASSPHRASE", "s3cret", "INAT_AUTH_REMOTE_URL", "HTTPS://vault.example/v1/"),
                Map.of("inat.auth.http.retryDelayMillis", "7", "inat.auth.file.argon2.iterations", "3"));
        assertThat(c.ids(Setting.SOURCES)).contains(List.of("env", "keyring"));
        assertThat(c.path(Setting.HOME)).contains(Path.of("here").toAbsolutePath());
        assertThat(c.secret(Setting.PASSPHRASE).orElseThrow().reveal()).isEqualTo("s3cret");
        assertThat(c.url(Setting.REMOTE_URL)).contains(URI.create("https://vault.example/v1"));
        assertThat(c.duration(Setting.HTTP_RETRY_DELAY)).contains(Duration.ofMillis(7));
        assertThat(c.wholeNumber(Setting.ARGON2_ITERATIONS)).contains(3L);
    }

    @Test
    void typedReaders_badValue_errorNamesTheSettingWithoutTheValue() {
        ProviderContext c = context(Map.of("INAT_AUTH_REMOTE_URL", "https://user:hunter2@vault.example"),
                Map.of("inat.auth.http.retryDelayMillis", "hunter2", "inat.auth.file.argon2.memoryKiB", "hunter2"));
        assertThatThrownBy(() -> c.url(Setting.REMOTE_URL)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("INAT_AUTH_REMOTE_URL").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> c.duration(Setting.HTTP_RETRY_DELAY)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("inat.auth.http.retryDelayMillis").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> c.wholeNumber(Setting.ARGON2_MEMORY_KIB)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("inat.auth.file.argon2.memoryKiB").hasMessageNotContaining("hunter2");
    }

    @Test
    void typedReader_ofAnotherKind_isAProgrammingError() {
        assertThatThrownBy(() -> ProviderContext.system().url(Setting.STORE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builder_urlsNotGiven_comeFromTheSettings_andTheApiFollowsTheBase() {
        ProviderContext fromVariable = context(Map.of("INAT_AUTH_BASE_URL", "https://inat.example/"), Map.of());
        assertThat(fromVariable.baseUrl()).isEqualTo(URI.create("https://inat.example"));
        assertThat(fromVariable.apiUrl()).isEqualTo(URI.create("https://inat.example/v1"));
        ProviderContext given = ProviderContext.builder().environment(Map.of("INAT_AUTH_BASE_URL", "https://inat.example")::get)
                .systemProperties(Map.of("inat.auth.apiUrl", "https://api.example")::get)
                .baseUrl(URI.create("https://given.example")).build();
        assertThat(given.baseUrl()).isEqualTo(URI.create("https://given.example"));
        assertThat(given.apiUrl()).isEqualTo(URI.create("https://api.example"));
        ProviderContext none = context(Map.of(), Map.of());
        assertThat(none.baseUrl()).isEqualTo(ProviderContext.DEFAULT_BASE_URL);
        assertThat(none.apiUrl()).isEqualTo(ProviderContext.DEFAULT_API_URL);
    }

    @Test
    void catalog_everySettingHasANameAndALineOfDocumentation_andNamesAreUnique() {
        Map<String, Setting> seen = new HashMap<>();
        for (Setting s : Setting.values()) {
            assertThat(s.environmentVariable().isPresent() || s.systemProperty().isPresent()).as(s.name()).isTrue();
            assertThat(s.documentation()).as(s.name()).isNotBlank().doesNotContain("\n", "|");
            s.environmentVariable().ifPresent(v -> assertThat(seen.put(v, s)).as(v).isNull());
            s.systemProperty().ifPresent(p -> assertThat(seen.put(p, s)).as(p).isNull());
        }
    }

    /** The README's configuration table is the catalog, row for row: neither can change without the other. */
    @Test
    void readme_configurationTable_isTheCatalog() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String table = table();
        assertThat(readme).as("README.md's configuration table; expected:%n%s", table).contains(table);
    }

    /** Every setting name in code, help texts, messages and docs is one the catalog defines. */
    @Test
    void everyNameInSourcesAndDocs_isInTheCatalog() throws IOException {
        Set<String> known = Arrays.stream(Setting.values())
                .flatMap(s -> Stream.concat(s.environmentVariable().stream(), s.systemProperty().stream()))
                .collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(SettingTest::scanned).toList()) {
                Matcher m = NAME.matcher(read(file));
                while (m.find()) {
                    if (!known.contains(m.group()) && !prefixOnly(m.group())) {
                        unknown.add(m.group() + " in " + ROOT.relativize(file));
                    }
                }
            }
        }
        assertThat(unknown).as("names no Setting defines").isEmpty();
    }

    private static boolean scanned(Path file) {
        String rel = ROOT.relativize(file).toString().replace('\\', '/');
        return Files.isRegularFile(file) && !rel.contains("/target/") && !rel.startsWith(".")
                && (rel.endsWith(".md") || rel.endsWith(".java") && rel.contains("/src/main/"));
    }

    /** Switches of the build and its test suites (not read by the library), and bare prefixes. */
    private static boolean prefixOnly(String name) {
        return Set.of("INAT_AUTH", "inat.auth", "inat.auth.api.update", "INAT_AUTH_CONFORMANCE",
                "inat.auth.cli.image").contains(name) || name.startsWith("inat.auth.conformance.");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String table() {
        StringBuilder t = new StringBuilder("| environment | system property | default | meaning |\n| --- | --- | --- | --- |\n");
        for (Setting s : Setting.values()) {
            t.append("| ").append(s.environmentVariable().map(v -> "`" + v + "`").orElse("—"))
                    .append(" | ").append(s.systemProperty().map(p -> "`" + p + "`").orElse("—"))
                    .append(" | ").append(s.defaultValue().orElse("—"))
                    .append(" | ").append(s.documentation()).append(" |\n");
        }
        return t.toString();
    }
}
