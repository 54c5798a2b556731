package io.github.inatauth.cli;

import io.github.inatauth.InatAuthException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The launcher's entry point: runs one command and exits with its code (see {@link ExitCode}). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Terminal.system(), args));
    }

    /** Runs {@code args} against {@code terminal} and returns the exit code; never exits the JVM. */
    public static int run(Terminal terminal, String... args) {
        InatAuthCommand root = new InatAuthCommand(terminal);
        Callable<Integer> plain = plainCommand(root, args);
        return plain != null ? runPlain(terminal, root, plain) : commandLine(terminal).execute(args);
    }

    /**
     * The command lines scripts run most, without picocli, whose model of every command and option
     * (built by reflection on each start) costs more than the command itself (docs/benchmarks.md):
     * {@code inat-auth token} with at most {@code --oauth} and {@code --refresh}, each once, and
     * {@code inat-auth status} alone. Null for anything else, --help and every usage error included:
     * picocli.
     */
    private static Callable<Integer> plainCommand(InatAuthCommand root, String... args) {
        if (args.length == 1 && "status".equals(args[0])) {
            StatusCommand status = new StatusCommand();
            status.root = root;
            return status;
        }
        if (args.length == 0 || args.length > 3 || !"token".equals(args[0])) {
            return null;
        }
        TokenCommand token = new TokenCommand();
        token.root = root;
        for (int i = 1; i < args.length; i++) {
            if ("--oauth".equals(args[i]) && !token.oauth) {
                token.oauth = true;
            } else if ("--refresh".equals(args[i]) && !token.refresh) {
                token.refresh = true;
            } else {
                return null;
            }
        }
        return token;
    }

    /** What {@link #commandLine} does for a command: the same logging, result and failures. */
    private static int runPlain(Terminal terminal, InatAuthCommand root, Callable<Integer> command) {
        LogSetup.sink(terminal.err());
        LogSetup.configure(root.verbose());
        try {
            return command.call();
        } catch (Exception e) {
            return new Failures(terminal.err(), root).handleExecutionException(e, null, null);
        }
    }

    /** The configured command line: exit codes, and errors as one sentence on stderr. */
    static CommandLine commandLine(Terminal terminal) {
        InatAuthCommand root = new InatAuthCommand(terminal);
        CommandLine cl = new CommandLine(root);
        // picocli's script generator stays available for packagers, but out of the command list
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        cl.setOut(new java.io.PrintWriter(terminal.out(), true));
        cl.setErr(new java.io.PrintWriter(terminal.err(), true));
        cl.setParameterExceptionHandler(new UsageErrors(terminal.err()));
        cl.setExecutionExceptionHandler(new Failures(terminal.err(), root));
        cl.setExecutionStrategy(parsed -> {
            // options are known only now: --verbose decides what the library's log records show
            LogSetup.sink(terminal.err());
            LogSetup.configure(root.verbose());
            return new CommandLine.RunLast().execute(parsed);
        });
        return cl;
    }

    /** Bad usage: the problem and where to read more, not the whole help text. Exit 2. */
    private record UsageErrors(PrintStream err) implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine cmd = e.getCommandLine();
            String message = e.getMessage();
            if (!message.endsWith(".")) {
                message += ".";
            }
            err.println("inat-auth: " + message + " Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        }
    }

    /** A command failed: one sentence that says what to do; the stack trace only with --verbose. */
    private record Failures(PrintStream err, InatAuthCommand root) implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
            if (e instanceof ParameterException p) {
                return new UsageErrors(err).handleParseException(p, new String[0]);
            }
            if (e instanceof InatAuthException failure) {
                err.println("inat-auth: " + failure.getMessage());
            } else {
                // not a failure the library reports: a bug; its message may hold anything, so name only the type
                err.println("inat-auth: unexpected " + e.getClass().getName()
                        + "; this is a bug, please report it with the output of --verbose.");
            }
            if (root.verbose()) {
                e.printStackTrace(err);
            }
            return e instanceof InatAuthException failure ? ExitCode.of(failure) : ExitCode.INTERNAL;
        }
    }
}
