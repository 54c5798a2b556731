package io.github.inatauth.cli;

import io.github.inatauth.InatAuth;
import io.github.inatauth.MissingCredentialsException;
import io.github.inatauth.PersonalTokenReport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * {@code inat-auth login --api-token}: signs in with a personal API token, the JWT iNaturalist shows a
 * signed-in user at {@code /users/api_token}, for people without an OAuth app. The token is checked
 * with {@code GET /v1/users/me}, which names its user, and saved to the store, where a later
 * {@code inat-auth token} with no configuration finds it and renews it while it is valid.
 */
final class ApiTokenLogin {
    private ApiTokenLogin() {
    }

    static int run(InatAuthCommand root, String storeId) {
        Terminal terminal = root.terminal();
        String jwt = read(terminal, apiTokenPage(root));
        String user;
        PersonalTokenReport saved;
        // only this token and the chosen store: no credential source is read
        try (InatAuth auth = root.builder().apiToken(jwt).sources().store(storeId).build()) {
            user = auth.userLogin(jwt);
            saved = auth.savePersonalToken();
        }
        Instant now = Instant.now();
        terminal.err().println("Signed in as " + user + " (iNaturalist user " + saved.userId() + ") with a personal API "
                + "token, valid until " + saved.expiresAt().truncatedTo(ChronoUnit.SECONDS) + " (in "
                + StatusCommand.human(java.time.Duration.between(now, saved.expiresAt())) + "); saved to the " + storeId
                + " store. `inat-auth token` serves it and renews it while it is valid: run it at least once a day, "
                + "or paste a new one then.");
        return ExitCode.OK;
    }

    /** The first line of standard input when it is not a console, else asked for without echo. */
    private static String read(Terminal terminal, String page) {
        Terminal.Prompter prompter = terminal.prompter();
        String value;
        if (prompter == null) {
            value = terminal.readStdinLine();
        } else {
            char[] typed = prompter.readSecret("Personal API token (copy it from " + page
                    + " while signed in): ");
            value = typed == null ? null : new String(typed);
            if (typed != null) {
                Arrays.fill(typed, '\0');
            }
        }
        if (value == null || value.strip().isEmpty()) {
            throw new MissingCredentialsException("No personal API token was given" + (prompter == null
                    ? " on the first line of standard input" : "") + "; copy it from " + page
                    + " while signed in.", List.of());
        }
        return value.strip();
    }

    /** Where the user copies a token: {@code /users/api_token} of the base URL the command uses. */
    private static String apiTokenPage(InatAuthCommand root) {
        return root.context().baseUrl() + "/users/api_token";
    }
}
