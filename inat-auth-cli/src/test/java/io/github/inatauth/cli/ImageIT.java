package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.inatauth.testkit.InatTestServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image as installed for everyone: built by one user (root, in a Docker build), run by another.
 * Every file keeps the JDK's modes, whatever the build rewrote or added; the class-data archive
 * the build adds is used, and skipped in silence when it cannot be.
 */
class ImageIT {
    @TempDir
    Path home;

    @BeforeAll
    static void imageBuilt() {
        assertThat(Launcher.imageExists()).as("the image at %s (built by mvn package)", Launcher.IMAGE).isTrue();
    }

    @Test
    void everyFileOfTheImage_isReadableByOthers() throws IOException {
        // lib/modules is jlink's own copy of the JDK: when the build's umask keeps even that private,
        // the whole image is private by the builder's choice and there is nothing to find
        assumeTrue(Files.getPosixFilePermissions(Launcher.IMAGE.resolve("lib/modules")).contains(PosixFilePermission.OTHERS_READ),
                "the build ran under a umask that keeps jlink's own files private");
        List<String> closed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Launcher.IMAGE)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isSymbolicLink(file)) {
                    continue;
                }
                Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                boolean runnable = Files.isDirectory(file) || modes.contains(PosixFilePermission.OWNER_EXECUTE);
                if (!modes.contains(PosixFilePermission.OTHERS_READ)
                        || runnable && !modes.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    closed.add(Launcher.IMAGE.relativize(file) + " " + PosixFilePermissions.toString(modes));
                }
            }
        }
        assertThat(closed).as("files of the image that other users cannot read (or enter, or run)").isEmpty();
    }

    @Test
    void theLauncher_runAsAnotherUser_works() throws IOException {
        List<String> asNobody = runAsNobody();
        for (Path folder = Launcher.IMAGE.toAbsolutePath(); folder != null; folder = folder.getParent()) {
            assumeTrue(Files.getPosixFilePermissions(folder).contains(PosixFilePermission.OTHERS_EXECUTE),
                    "the image is under " + folder + ", which other users cannot enter");
        }
        // a home of its own that nobody may use: the test's folder stays closed to it except for this one
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        Path nobodyHome = Files.createDirectory(home.resolve("nobody"));
        Files.setPosixFilePermissions(nobodyHome, PosixFilePermissions.fromString("rwxrwxrwx"));

        Launcher.Result version = new Launcher(nobodyHome).via(asNobody.toArray(String[]::new)).run("--version");
        assertThat(version.exitCode()).as("%s", version).isZero();
        assertThat(version.out()).startsWith("inat-auth ");
        assertThat(version.err()).isEmpty();

        Launcher.Result demo = new Launcher(nobodyHome).via(asNobody.toArray(String[]::new))
                .forbid(InatTestServer.DEFAULT_PASSWORD, InatTestServer.DEFAULT_APP_SECRET).run("demo");
        assertThat(demo.exitCode()).as("%s", demo).isZero();
        assertThat(demo.out()).contains("Done.");
        assertThat(demo.err()).isEmpty();
    }

    @Test
    void theClassDataArchive_holdsTheCommandsClasses() {
        // -Xshare:on fails the run when the archive cannot be used
        Launcher.Result r = run(Launcher.IMAGE.resolve("bin/java"), "-Xshare:on", "-Xlog:class+load=info", "-m",
                "io.github.inatauth.cli/io.github.inatauth.cli.Main", "--version");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("io.github.inatauth.cli.Main source: shared objects file")
                .contains("io.github.inatauth.cli.TokenCommand source: shared objects file");
    }

    @Test
    void aDamagedClassDataArchive_isSkippedInSilence() throws IOException {
        Path copy = home.resolve("image");
        try (Stream<Path> files = Files.walk(Launcher.IMAGE)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, copy.resolve(Launcher.IMAGE.relativize(file).toString()), LinkOption.NOFOLLOW_LINKS,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path archive = copy.resolve("lib/server/classes.jsa");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));
        byte[] damaged = Files.readAllBytes(archive);
        java.util.Arrays.fill(damaged, 0, 4096, (byte) 0x5a);
        Files.write(archive, damaged);

        // through the launcher, as users start it: on JDK 25+ it also names the AOT cache
        Launcher.Result r = run(copy.resolve("bin/inat-auth"), "--version");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).startsWith("inat-auth ");
        assertThat(r.out().lines()).hasSize(2);
        assertThat(r.err()).isEmpty();
    }

    /** Runs a program of an image with no Java options from the test's environment. */
    private static Launcher.Result run(Path program, String... args) {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(name -> name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS")
                || name.equals("_JAVA_OPTIONS"));
        try {
            Process p = pb.start();
            var out = Launcher.drain(p.getInputStream());
            var err = Launcher.drain(p.getErrorStream());
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in 120 s");
            }
            return new Launcher.Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The command prefix that drops from root to the user {@code nobody}, or a skip saying why there is none. */
    private static List<String> runAsNobody() {
        assumeTrue(output("id", "-u").filter("0"::equals).isPresent(), "only root can run a command as another user");
        Optional<String> uid = output("id", "-u", "nobody");
        Optional<String> gid = output("id", "-g", "nobody");
        assumeTrue(uid.isPresent() && gid.isPresent(), "this machine has no user nobody");
        if (onPath("setpriv")) {
            return List.of("setpriv", "--reuid=" + uid.get(), "--regid=" + gid.get(), "--clear-groups");
        }
        assumeTrue(onPath("runuser"), "neither setpriv nor runuser is installed");
        return List.of("runuser", "-u", "nobody", "--");
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(folder -> !folder.isEmpty())
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, command)));
    }

    /** The one line a short command prints, if it exits 0. */
    private static Optional<String> output(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
