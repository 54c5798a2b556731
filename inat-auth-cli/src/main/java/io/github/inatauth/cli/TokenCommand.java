package io.github.inatauth.cli;

import io.github.inatauth.InatAuth;
import io.github.inatauth.TokenType;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code inat-auth token}: one token and a newline on stdout, nothing else, so that {@code $(inat-auth token)} works. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Prints an access token (a JWT unless --oauth) and a newline on standard output.",
                "Credentials come from INAT_USERNAME, INAT_PASSWORD, INAT_APP_ID, INAT_APP_SECRET, "
                        + "the keyring or the file store (see `inat-auth status`)."})
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    InatAuthCommand root;

    @Option(names = "--oauth", description = "Print the OAuth access token instead of a JWT.")
    boolean oauth;

    @Option(names = "--refresh", description = "Make a new grant even if the kept tokens are good. Each grant is one "
            + "more never-expiring OAuth token at iNaturalist and counts against its rate limits: not for a schedule "
            + "(use --min-valid).")
    boolean refresh;

    @Option(names = "--min-valid", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Print a JWT valid for at least this long (12h, 90m, 1h30m): one with less left is renewed "
                    + "from the kept OAuth token, without a new grant. For a token broker run on a schedule.")
    Duration minValid;

    @Override
    public Integer call() {
        TokenType type = oauth ? TokenType.OAUTH : TokenType.JWT;
        try (InatAuth auth = root.builder().build()) {
            String token = refresh ? auth.refreshAccessToken(type)
                    : minValid != null ? auth.accessToken(type, minValid) : auth.accessToken(type);
            root.terminal().out().print(token + "\n");
            root.terminal().out().flush();
        }
        return ExitCode.OK;
    }
}
