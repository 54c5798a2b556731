package io.github.inatauth.cli;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * Where the library's {@link System.Logger} records go in the command: warnings and errors to
 * stderr, everything with {@code --verbose}. Without this the JDK's default would print INFO
 * records into the output of scripts. Records are one line each; the library keeps secrets out of them.
 */
public final class LogSetup extends System.LoggerFinder {
    private static volatile System.Logger.Level threshold = System.Logger.Level.WARNING;
    private static volatile PrintStream sink = System.err;

    /** For ServiceLoader ({@code provides java.lang.System.LoggerFinder}). */
    public LogSetup() {
    }

    static void configure(boolean verbose) {
        threshold = verbose ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
    }

    static void sink(PrintStream err) {
        sink = err;
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new Line(name);
    }

    private record Line(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                sink.println("inat-auth: " + level.getName().toLowerCase(java.util.Locale.ROOT) + ": " + msg
                        + (thrown == null ? "" : " (" + thrown.getClass().getName() + ")"));
                if (thrown != null && threshold.getSeverity() <= Level.DEBUG.getSeverity()) {
                    thrown.printStackTrace(sink);
                }
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
                        (Throwable) null);
            }
        }
    }
}
