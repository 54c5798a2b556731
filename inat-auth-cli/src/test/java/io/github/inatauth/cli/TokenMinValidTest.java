package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.testkit.InatTestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code inat-auth token --min-valid}, in this JVM against the testkit: runs share the process's memory
 * store as a broker's scheduled runs share its file store. The renewal itself is {@code MinValidTest}'s
 * (inat-auth-http), on moved clocks.
 */
class TokenMinValidTest {

    @Test
    void durations_asPeopleWriteThem_orIso() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(c.convert("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.convert(" 45s ")).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.convert("PT12H")).isEqualTo(Duration.ofHours(12));
        for (String bad : new String[] {"", "12", "h", "12x", "-1h", "1h 30m", "PT-1H", "P"}) {
            assertThatThrownBy(() -> c.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("12h, 90m");
        }
    }

    @Test
    void scheduledRuns_shareOneGrantAndOneJwt_whileItLastsLongEnough() {
        try (InatTestServer server = InatTestServer.start()) {
            Map<String, String> env = Map.of("INAT_USERNAME", InatTestServer.DEFAULT_USERNAME,
                    "INAT_PASSWORD", InatTestServer.DEFAULT_PASSWORD, "INAT_APP_ID", InatTestServer.DEFAULT_APP_ID,
                    "INAT_APP_SECRET", InatTestServer.DEFAULT_APP_SECRET, "INAT_AUTH_SOURCES", "env",
                    "INAT_AUTH_STORE", "memory", "INAT_AUTH_BASE_URL", server.baseUrl().toString());

            InProcess first = InProcess.run(env, "token", "--min-valid", "12h");
            InProcess second = InProcess.run(env, "token", "--min-valid", "12h");

            assertThat(first.exitCode()).as("%s", first).isEqualTo(ExitCode.OK);
            assertThat(second.out()).isEqualTo(first.out()).endsWith("\n").hasLineCount(1);
            assertThat(server.grantCount()).isEqualTo(1);
            assertThat(server.jwtCount()).isEqualTo(1);

            InProcess tooLong = InProcess.run(env, "token", "--min-valid", "25h");
            assertThat(tooLong.exitCode()).isNotEqualTo(ExitCode.OK);
            assertThat(tooLong.out()).isEmpty();
            assertThat(tooLong.err()).contains("less than the 25 h 0 min asked for", "24 hours");
            assertThat(server.grantCount()).isEqualTo(1);

            InProcess bad = InProcess.run(env, "token", "--min-valid", "12 hours");
            assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(bad.err()).contains("'12 hours' is not a duration");
        }
    }
}
