package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.MissingCredentialsException;
import io.github.inatauth.ServerException;
import io.github.inatauth.StoreException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind of failure has the exit code in inat-auth-cli/README.md, "Exit codes". */
class ExitCodeTest {
    @Test
    void of_eachFailure_givesItsContractCode() {
        assertThat(ExitCode.of(new ConfigurationException("x"))).isEqualTo(2);
        assertThat(ExitCode.of(new MissingCredentialsException("x", List.of()))).isEqualTo(3);
        assertThat(ExitCode.of(new CredentialsRejectedException("x", "invalid_grant", 400))).isEqualTo(4);
        assertThat(ExitCode.of(new ServerException("x", 503, Duration.ofSeconds(1), null))).isEqualTo(5);
        for (StoreException.Kind kind : StoreException.Kind.values()) {
            assertThat(ExitCode.of(new StoreException(kind, "x"))).as("%s", kind).isEqualTo(6);
        }
    }

    @Test
    void human_durations_readAsPeopleWrite() {
        assertThat(StatusCommand.human(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(StatusCommand.human(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(StatusCommand.human(Duration.ofHours(23).plusMinutes(59))).isEqualTo("23 h 59 min");
    }

    @Test
    void mask_showsTwoCharactersOfLongValuesAndNothingOfShortOnes() {
        assertThat(StatusCommand.mask("alice-the-naturalist")).isEqualTo("al***");
        assertThat(StatusCommand.mask("bob")).isEqualTo("***");
        assertThat(StatusCommand.mask(null)).isEqualTo("-");
    }
}
