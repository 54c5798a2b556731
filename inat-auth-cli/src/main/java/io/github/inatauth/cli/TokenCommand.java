package io.github.inatauth.cli;

import io.github.inatauth.InatAuth;
import io.github.inatauth.TokenType;
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

    @Option(names = "--refresh", description = "Get a new token even if a cached one is still good; "
            + "note that a new grant may end tokens other programs hold for the same user and app.")
    boolean refresh;

    @Override
    public Integer call() {
        TokenType type = oauth ? TokenType.OAUTH : TokenType.JWT;
        try (InatAuth auth = root.builder().build()) {
            String token = refresh ? auth.refreshAccessToken(type) : auth.accessToken(type);
            root.terminal().out().print(token + "\n");
            root.terminal().out().flush();
        }
        return ExitCode.OK;
    }
}
