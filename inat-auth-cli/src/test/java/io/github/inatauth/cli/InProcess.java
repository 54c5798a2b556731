package io.github.inatauth.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** Runs the command in this JVM against a made-up environment, stdin and console, and keeps what it printed. */
record InProcess(int exitCode, String out, String err) {

    static InProcess run(Map<String, String> environment, String... args) {
        return run(environment, "", null, args);
    }

    static InProcess run(Map<String, String> environment, String stdin, Terminal.Prompter console, String... args) {
        return run(environment, stdin, console, terminal -> Main.run(terminal, args));
    }

    /** The command through picocli even where {@link Main#run} takes a shorter way. */
    static InProcess throughPicocli(Map<String, String> environment, String... args) {
        return run(environment, "", null, terminal -> Main.commandLine(terminal).execute(args));
    }

    private static InProcess run(Map<String, String> environment, String stdin, Terminal.Prompter console,
            java.util.function.ToIntFunction<Terminal> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(Map.copyOf(environment)::get,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                console);
        int code = command.applyAsInt(terminal);
        return new InProcess(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A console that answers the prompts in order and records them. */
    static final class ScriptedConsole implements Terminal.Prompter {
        private final Deque<String> answers;
        final List<String> prompts = new java.util.ArrayList<>();
        final List<String> secretPrompts = new java.util.ArrayList<>();

        ScriptedConsole(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public String readLine(String prompt) {
            prompts.add(prompt);
            return answers.poll();
        }

        @Override
        public char[] readSecret(String prompt) {
            secretPrompts.add(prompt);
            String a = answers.poll();
            return a == null ? null : a.toCharArray();
        }
    }
}
