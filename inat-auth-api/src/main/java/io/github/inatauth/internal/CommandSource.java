package io.github.inatauth.internal;

import io.github.inatauth.internal.shared.TopLevelJson;
import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;
import io.github.inatauth.StoreException;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source {@code command}: runs the program {@code INAT_AUTH_CREDENTIAL_COMMAND} names and reads the
 * JSON object it prints, with any of {@code username}, {@code password}, {@code app_id},
 * {@code app_secret} and {@code api_token}, as AWS's {@code credential_process} and git's credential
 * helpers work, so a password manager ({@code pass}, {@code op}, {@code secret-tool}, {@code bw})
 * plugs in through a small script.
 *
 * <p>The command line is split into words as a shell would split plain and quoted words, but no
 * shell runs it (no globbing, no variables, no pipes) unless it starts with {@code sh -c} (or
 * {@code bash -c}): then the rest of the line is the shell's script. Its standard input is closed;
 * it may take at most the call timeout; its output is read up to {@value #MAX_OUTPUT} bytes. A
 * command that fails, takes too long or prints anything else is a broken source: the error gives its
 * exit code and the first line of its standard error, never its standard output, which holds secrets.
 */
public final class CommandSource implements CredentialSource {
    public static final String ID = "command";
    private static final Setting SETTING = Setting.CREDENTIAL_COMMAND;
    /** More output than this is not credentials. */
    static final int MAX_OUTPUT = 64 * 1024;
    /** How much of the standard error is kept, to find its first line. */
    private static final int MAX_ERROR = 4 * 1024;
    private static final int MAX_ERROR_LINE = 200;
    private static final String API_TOKEN = "api_token";
    private static final Set<String> MEMBERS = Set.of("username", "password", "app_id", "app_secret", API_TOKEN);
    private static final Pattern SHELL = Pattern.compile("\\s*((?:\\S*/)?(?:sh|bash))\\s+-c\\s+(.*)", Pattern.DOTALL);

    /**
     * What the command printed.
     *
     * @param credentials the four fields it gave (any may be absent)
     * @param apiToken the personal API token it gave, or null
     * @param location how the report names it
     */
    record Output(Credentials credentials, Secret apiToken, String location) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Result read(ProviderContext context) {
        return run(context).<Result>map(o -> new Result.Found(o.credentials(), o.location()))
                .orElseGet(() -> new Result.NotConfigured("set " + SETTING + " to a command that "
                        + "prints {\"username\": ..., \"password\": ...} (e.g. from a password manager)"));
    }

    /** Runs the command; empty when none is configured. */
    Optional<Output> run(ProviderContext context) {
        Optional<String> line = context.get(SETTING);
        if (line.isEmpty() || line.get().isBlank()) {
            return Optional.empty();
        }
        List<String> words = words(line.get());
        String name = "The credential command '" + words.get(0) + "' (" + SETTING + ")";
        String stdout = execute(words, name, context.callTimeout());
        Map<String, String> members;
        try {
            members = TopLevelJson.strings(stdout, MEMBERS);
        } catch (TopLevelJson.Malformed e) {
            throw new StoreException(StoreException.Kind.DAMAGED, name + " printed something other than one JSON "
                    + "object of strings (" + e.getMessage() + "); it must print only {\"username\": \"...\", "
                    + "\"password\": \"...\", \"app_id\": \"...\", \"app_secret\": \"...\"} or {\"api_token\": \"...\"}.");
        }
        Credentials c = Credentials.of(members.get("username"), members.get("password"), members.get("app_id"),
                members.get("app_secret"));
        return Optional.of(new Output(c, Secret.ofNullable(members.get(API_TOKEN)), "command " + words.get(0)));
    }

    /** The program and its arguments: {@code sh -c <rest>}, or the line split into words without a shell. */
    static List<String> words(String line) {
        Matcher shell = SHELL.matcher(line);
        if (shell.matches()) {
            List<String> script = split(shell.group(2));
            // `sh -c 'a | b'` as a shell would read it; `sh -c a | b` as it stands
            String body = script.size() == 1 && isQuoted(shell.group(2).strip()) ? script.get(0) : shell.group(2).strip();
            return List.of(shell.group(1), "-c", body);
        }
        List<String> words = split(line);
        if (words.isEmpty()) {
            throw new ConfigurationException(SETTING + " names no program.");
        }
        return words;
    }

    private static boolean isQuoted(String s) {
        return s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0);
    }

    /** Words as a POSIX shell splits them: blanks separate, '...' is literal, "..." and \ escape. */
    private static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new ConfigurationException(SETTING + " has an unclosed ' quote.");
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                for (i++;; i++) {
                    if (i >= line.length()) {
                        throw new ConfigurationException(SETTING + " has an unclosed \" quote.");
                    }
                    char d = line.charAt(i);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        d = line.charAt(++i);
                    }
                    word.append(d);
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Runs {@code words} with its standard input closed; its standard output, or the error that says why not. */
    private static String execute(List<String> words, String name, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(words).start();
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.IO, name + " could not be started (" + e.getMessage()
                    + "); check that the program is installed and on the PATH.", e);
        }
        try {
            process.getOutputStream().close(); // stdin: a prompt gets end of input at once, not a hang
        } catch (IOException e) {
            // already gone: its exit code says why
        }
        CompletableFuture<byte[]> out = drain(process.getInputStream(), MAX_OUTPUT + 1, true);
        CompletableFuture<byte[]> err = drain(process.getErrorStream(), MAX_ERROR, false);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            byte[] stdout = out.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (stdout.length > MAX_OUTPUT) {
                kill(process);
                throw new StoreException(StoreException.Kind.DAMAGED, name + " printed more than " + MAX_OUTPUT / 1024
                        + " KiB; it must print only one JSON object with the credentials.");
            }
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException();
            }
            int exit = process.exitValue();
            if (exit != 0) {
                String first = firstLine(err.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                throw new StoreException(StoreException.Kind.IO, name + " failed with exit code " + exit
                        + (first.isEmpty() ? " and printed no error" : ": " + first) + ".");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(stdout)).toString();
        } catch (TimeoutException e) {
            kill(process);
            throw new StoreException(StoreException.Kind.IO, name + " did not finish within " + seconds(timeout)
                    + " (the call timeout); it was stopped. A password manager that waits to be unlocked must be "
                    + "unlocked first.");
        } catch (CharacterCodingException e) {
            throw new StoreException(StoreException.Kind.DAMAGED, name + " printed something that is not UTF-8 text.");
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.IO, name + " was interrupted.", e);
        } catch (ExecutionException e) {
            kill(process);
            throw new StoreException(StoreException.Kind.IO, name + ": its output could not be read ("
                    + e.getCause().getClass().getSimpleName() + ").", e.getCause());
        }
    }

    /**
     * Reads up to {@code limit} bytes on a worker thread; then stops ({@code stopAtLimit}: the caller
     * stops the command) or reads and discards the rest, so the command never blocks on a full pipe.
     */
    private static CompletableFuture<byte[]> drain(InputStream in, int limit, boolean stopAtLimit) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream kept = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0;) {
                    kept.write(buffer, 0, Math.max(0, Math.min(n, limit - kept.size())));
                    if (kept.size() >= limit && stopAtLimit) {
                        break;
                    }
                }
                return kept.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Background.waitedOn());
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly); // `sh -c`'s children hold the pipes open
        process.destroyForcibly();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String firstLine(byte[] stderr) {
        String text = new String(stderr, StandardCharsets.UTF_8).strip();
        int end = text.indexOf('\n');
        String line = (end < 0 ? text : text.substring(0, end)).strip();
        return line.length() > MAX_ERROR_LINE ? line.substring(0, MAX_ERROR_LINE) + "…" : line;
    }
}
