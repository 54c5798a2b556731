package io.github.inatauth.cli;

import io.github.inatauth.testkit.InatTestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * The build's training run for the image's class-data archive (not a command): the commands that
 * scripts run most, in one JVM whose loaded classes the build archives at exit. {@code token} into an
 * empty file store (grant and JWT from the testkit's server on loopback), {@code token} served from
 * that store, {@code status}, and {@code token} with a passphrase (Argon2id).
 *
 * <p>Argument: a folder for the stores, which is left behind for the build to delete.
 */
public final class ArchiveTraining {
    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createDirectories(Path.of(args[0]));
        Path keyFile = work.resolve("key");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.write(keyFile, key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        try (InatTestServer server = InatTestServer.start()) {
            Map<String, String> env = new HashMap<>();
            env.put("INAT_USERNAME", InatTestServer.DEFAULT_USERNAME);
            env.put("INAT_PASSWORD", InatTestServer.DEFAULT_PASSWORD);
            env.put("INAT_APP_ID", InatTestServer.DEFAULT_APP_ID);
            env.put("INAT_APP_SECRET", InatTestServer.DEFAULT_APP_SECRET);
            env.put("INAT_AUTH_BASE_URL", server.baseUrl().toString());
            env.put("INAT_AUTH_STORE", "file");
            env.put("INAT_AUTH_HOME", work.resolve("store-key").toString());
            env.put("INAT_AUTH_KEY_FILE", keyFile.toString());
            run(env, "token");
            run(env, "token");
            run(env, "status");
            env.remove("INAT_AUTH_KEY_FILE");
            env.put("INAT_AUTH_HOME", work.resolve("store-passphrase").toString());
            env.put("INAT_AUTH_PASSPHRASE", "training passphrase");
            run(env, "token");
            run(env, "token");
        }
    }

    private static void run(Map<String, String> env, String... command) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        int exit = Main.run(Terminal.of(env, new ByteArrayInputStream(new byte[0]), nowhere, System.err), command);
        if (exit != ExitCode.OK) {
            throw new IllegalStateException("training: inat-auth " + String.join(" ", command) + " exited " + exit);
        }
    }
}
