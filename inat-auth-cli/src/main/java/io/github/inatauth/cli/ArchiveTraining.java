package io.github.inatauth.cli;

import io.github.inatauth.spi.Setting;
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
            env.put(Setting.USERNAME.displayName(), InatTestServer.DEFAULT_USERNAME);
            env.put(Setting.PASSWORD.displayName(), InatTestServer.DEFAULT_PASSWORD);
            env.put(Setting.APP_ID.displayName(), InatTestServer.DEFAULT_APP_ID);
            env.put(Setting.APP_SECRET.displayName(), InatTestServer.DEFAULT_APP_SECRET);
            env.put(Setting.BASE_URL.displayName(), server.baseUrl().toString());
            env.put(Setting.STORE.displayName(), "file");
            env.put(Setting.HOME.displayName(), work.resolve("store-key").toString());
            env.put(Setting.KEY_FILE.displayName(), keyFile.toString());
            run(env, "token");
            run(env, "token");
            run(env, "status");
            env.remove(Setting.KEY_FILE.displayName());
            env.put(Setting.HOME.displayName(), work.resolve("store-passphrase").toString());
            env.put(Setting.PASSPHRASE.displayName(), "training passphrase");
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
