package io.github.inatauth.cli;

import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.MissingCredentialsException;
import java.util.Arrays;
import java.util.List;

/** How the CLI names the four fields, and asks the console for those it lacks (secrets without echo). */
final class Prompts {
    private Prompts() {
    }

    /** {@code username}, {@code password}, {@code app id}, {@code app secret}. */
    static String label(Field f) {
        return f.key().replace('_', ' ');
    }

    static String names(List<Field> fields) {
        return String.join(", ", fields.stream().map(Prompts::label).toList());
    }

    /** The fields of {@code c} from the terminal's environment (INAT_USERNAME, ...). */
    static Credentials fromEnvironment(Terminal terminal) {
        return Credentials.of(terminal.env(Field.USERNAME.environmentVariable()),
                terminal.env(Field.PASSWORD.environmentVariable()), terminal.env(Field.APP_ID.environmentVariable()),
                terminal.env(Field.APP_SECRET.environmentVariable()));
    }

    /** Asks the console for each of {@code fields} that {@code c} lacks. */
    static Credentials ask(Terminal terminal, Credentials c, List<Field> fields) {
        List<Field> missing = fields.stream().filter(f -> !c.has(f)).toList();
        if (missing.isEmpty()) {
            return c;
        }
        Terminal.Prompter prompter = terminal.prompter();
        if (prompter == null) {
            throw new MissingCredentialsException("No console to ask for the " + names(missing) + ": set "
                    + String.join(", ", missing.stream().map(Field::environmentVariable).toList())
                    + (missing.contains(Field.PASSWORD) ? " (or pass the password with --password-stdin)" : "")
                    + ", or run `inat-auth login` in a terminal.", missing);
        }
        Credentials result = c;
        for (Field f : missing) {
            String label = label(f);
            String value;
            if (f.isSecret()) {
                char[] typed = prompter.readSecret(label + ": ");
                value = typed == null ? null : new String(typed);
                if (typed != null) {
                    Arrays.fill(typed, '\0');
                }
            } else {
                value = prompter.readLine(label + ": ");
            }
            value = orMissing(value == null ? null : value.strip(), f, "the console");
            result = switch (f) {
                case USERNAME -> result.withUsername(value);
                case PASSWORD -> result.withPassword(value);
                case APP_ID -> result.withAppId(value);
                case APP_SECRET -> result.withAppSecret(value);
            };
        }
        return result;
    }

    static String orMissing(String value, Field field, String where) {
        if (value == null || value.isEmpty()) {
            throw new MissingCredentialsException("No " + label(field) + " was given on " + where + "; give one, or set "
                    + field.environmentVariable() + ".", List.of(field));
        }
        return value;
    }
}
