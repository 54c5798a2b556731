package io.github.inatauth.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything a command touches outside itself: the environment, standard input, standard output
 * (for the product: a token, a report), standard error (for people) and the console. The process's
 * own in {@link #system()}; a test's own otherwise, so that no test mutates the real environment.
 */
public final class Terminal {
    private final Function<String, String> environment;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final Prompter prompter;
    private BufferedReader stdinLines;

    /** Asks a person for a value; absent when there is no console (a script, a pipe). */
    public interface Prompter {
        /** A line typed with echo, or null at end of input. */
        String readLine(String prompt);

        /** A line typed without echo, or null at end of input. */
        char[] readSecret(String prompt);
    }

    public Terminal(Function<String, String> environment, InputStream stdin, PrintStream out, PrintStream err,
            Prompter prompter) {
        this.environment = Objects.requireNonNull(environment);
        this.stdin = Objects.requireNonNull(stdin);
        this.out = Objects.requireNonNull(out);
        this.err = Objects.requireNonNull(err);
        this.prompter = prompter;
    }

    /** The process's environment and streams, and its console when it has one. */
    public static Terminal system() {
        Console console = System.console();
        return new Terminal(System::getenv, System.in, System.out, System.err,
                console == null ? null : new ConsolePrompter(console));
    }

    /** A terminal for tests: the given environment, no console. */
    public static Terminal of(Map<String, String> environment, InputStream stdin, PrintStream out, PrintStream err) {
        return new Terminal(Map.copyOf(environment)::get, stdin, out, err, null);
    }

    public Function<String, String> environment() {
        return environment;
    }

    /** An environment variable, or null when unset or empty. */
    public String env(String name) {
        String value = environment.apply(name);
        return value == null || value.isEmpty() ? null : value;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** The console, or null when input does not come from a person. */
    public Prompter prompter() {
        return prompter;
    }

    /** Standard input as text; one reader for the whole run, so that nothing read ahead is lost. */
    public BufferedReader stdinReader() {
        if (stdinLines == null) {
            stdinLines = new BufferedReader(new InputStreamReader(stdin, Charset.defaultCharset()));
        }
        return stdinLines;
    }

    /** The next line of standard input without its line end, or null at its end. */
    public String readStdinLine() {
        try {
            return stdinReader().readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }

    private record ConsolePrompter(Console console) implements Prompter {
        @Override
        public String readLine(String prompt) {
            return console.readLine("%s", prompt);
        }

        @Override
        public char[] readSecret(String prompt) {
            return console.readPassword("%s", prompt);
        }
    }
}
