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
import java.util.List;
import java.util.Map;

/**
 * The build's training run for the image's class-data archive (not a command): the commands that
 * scripts run most, served from file stores as they are on every call but the first. Two steps, in
 * two JVMs: {@code fill} gets the tokens into a key-file store and a passphrase store from the
 * testkit's server on loopback (its base URL is written beside them); the run the build archives
 * then runs {@code token} and {@code status} from the key-file store and {@code token} from the
 * passphrase store (Argon2id), with the server gone. So the archive holds what those commands load,
 * not the test server, nor the HTTP client and TLS classes of a first fetch over loopback (which
 * differs from iNaturalist's HTTPS anyway): docs/benchmarks.md has the sizes and times.
 *
 * <p>Arguments: a folder for the stores (left behind for the build to delete), and {@code fill} for the
 * first step.
 */
public final class ArchiveTraining {
    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createDirectories(Path.of(args[0]));
        Path keyFile = work.resolve("key");
        Path baseUrl = work.resolve("base-url");
        Map<String, String> env = new HashMap<>();
        env.put(Setting.USERNAME.displayName(), InatTestServer.DEFAULT_USERNAME);
        env.put(Setting.PASSWORD.displayName(), InatTestServer.DEFAULT_PASSWORD);
        env.put(Setting.APP_ID.displayName(), InatTestServer.DEFAULT_APP_ID);
        env.put(Setting.APP_SECRET.displayName(), InatTestServer.DEFAULT_APP_SECRET);
        env.put(Setting.STORE.displayName(), "file");
        Map<String, String> keyStore = new HashMap<>(env);
        keyStore.put(Setting.HOME.displayName(), work.resolve("store-key").toString());
        keyStore.put(Setting.KEY_FILE.displayName(), keyFile.toString());
        Map<String, String> passphraseStore = new HashMap<>(env);
        passphraseStore.put(Setting.HOME.displayName(), work.resolve("store-passphrase").toString());
        passphraseStore.put(Setting.PASSPHRASE.displayName(), "training passphrase");
        if (args.length > 1 && args[1].equals("fill")) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.write(keyFile, key);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            try (InatTestServer server = InatTestServer.start()) {
                Files.writeString(baseUrl, server.baseUrl().toString());
                for (Map<String, String> store : List.of(keyStore, passphraseStore)) {
                    store.put(Setting.BASE_URL.displayName(), server.baseUrl().toString());
                    run(store, "token");
                }
            }
            return;
        }
        for (Map<String, String> store : List.of(keyStore, passphraseStore)) {
            store.put(Setting.BASE_URL.displayName(), Files.readString(baseUrl));
        }
        // what the launcher does before any command: the process's console and environment
        Terminal.system().environment().apply(Setting.HOME.displayName());
        run(keyStore, "token");
        run(keyStore, "status");
        // credentials from the environment alone, as scripts and CI often configure it
        keyStore.put(Setting.SOURCES.displayName(), "env");
        run(keyStore, "token");
        run(passphraseStore, "token");
    }

    private static void run(Map<String, String> env, String... command) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        int exit = Main.run(Terminal.of(env, new ByteArrayInputStream(new byte[0]), nowhere, System.err), command);
        if (exit != ExitCode.OK) {
            throw new IllegalStateException("training: inat-auth " + String.join(" ", command) + " exited " + exit);
        }
    }
}
