package io.github.inatauth.keyring.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Python with its {@code keyring} package (python3-keyring), the library pyinaturalist
 * uses: a real peer for interoperability tests. Values travel in environment variables, never in
 * the command line.
 */
public final class PythonKeyring {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private PythonKeyring() {
    }

    /** Skips the test when Debian's python3-keyring is not installed. */
    public static void require() {
        assumeTrue(Files.isExecutable(PYTHON), "Debian's /usr/bin/python3 is not installed");
        assumeTrue(run("import keyring", Map.of()).exitCode == 0,
                "python3-keyring is not installed for /usr/bin/python3 (apt-get install python3-keyring)");
    }

    /** {@code keyring.set_password(service, entry, value)}. */
    public static void setPassword(String service, String entry, String value) {
        check(run("import keyring, os; keyring.set_password(os.environ['S'], os.environ['E'], os.environ['V'])",
                Map.of("S", service, "E", entry, "V", value)));
    }

    /** {@code keyring.get_password(service, entry)}; null when Python gives None. */
    public static String getPassword(String service, String entry) {
        Result result = check(run("import keyring, os, sys\n"
                + "v = keyring.get_password(os.environ['S'], os.environ['E'])\n"
                + "sys.stdout.write('NONE' if v is None else 'VALUE:' + v)",
                Map.of("S", service, "E", entry)));
        return result.stdout.equals("NONE") ? null : result.stdout.substring("VALUE:".length());
    }

    /** {@code keyring.delete_password(service, entry)}. */
    public static void deletePassword(String service, String entry) {
        check(run("import keyring, os; keyring.delete_password(os.environ['S'], os.environ['E'])",
                Map.of("S", service, "E", entry)));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result check(Result result) {
        if (result.exitCode != 0) {
            throw new AssertionError("python3 keyring failed: " + result.stderr);
        }
        return result;
    }

    private static Result run(String script, Map<String, String> variables) {
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "-c", script);
        builder.environment().putAll(variables);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("python3 keyring did not finish");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
