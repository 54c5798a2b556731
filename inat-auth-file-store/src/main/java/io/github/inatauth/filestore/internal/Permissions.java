package io.github.inatauth.filestore.internal;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Owner and mode rules: the folder is 0700 and the files 0600, set when we create them and checked
 * before we read them. On file systems without POSIX permissions (Windows) nothing is checked.
 */
final class Permissions {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static volatile UserPrincipal currentUser;

    private Permissions() {
    }

    /** Creates {@code folder} (mode 0700) if it is missing, then checks it. */
    static void ensureFolder(Path folder) {
        try {
            if (!Files.isDirectory(folder)) {
                Path parent = folder.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    Files.createDirectory(folder, attributes(folder.getFileSystem(), FOLDER));
                    if (isPosix(folder)) {
                        Files.setPosixFilePermissions(folder, FOLDER); // the umask may have removed bits
                    }
                } catch (FileAlreadyExistsException e) {
                    // another process made it first; checked below
                }
            }
        } catch (IOException e) {
            throw new StoreException(Kind.IO, "Cannot create the folder " + folder + " (INAT_AUTH_HOME): " + e, e);
        }
        checkFolder(folder);
    }

    /** The folder must be ours and closed to group and others. */
    static void checkFolder(Path folder) {
        checkOrFail(folder, "chmod 700 " + folder);
    }

    /** A store file must be ours and closed to group and others. */
    static void checkFile(Path file) {
        checkOrFail(file, "chmod 600 " + file);
    }

    private static void checkOrFail(Path path, String fix) {
        try {
            check(path, GROUP_OR_OTHERS, true, fix);
        } catch (IOException e) {
            throw new StoreException(Kind.IO, "Cannot read the permissions of " + path + ": " + e, e);
        }
    }

    /**
     * The key file must be closed to others. It may belong to another user and be readable by a group,
     * as container secrets mounted read-only by root usually are.
     */
    static void checkKeyFile(Path file) throws IOException {
        check(file, OTHERS, false, "chmod o= " + file);
    }

    /** Attributes that create a file or folder with exactly {@code mode} where POSIX applies. */
    static FileAttribute<?>[] attributes(java.nio.file.FileSystem fs, Set<PosixFilePermission> mode) {
        return fs.supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                : new FileAttribute<?>[0];
    }

    static boolean isPosix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    private static void check(Path path, Set<PosixFilePermission> forbidden, boolean mustOwn, String fix)
            throws IOException {
        if (!isPosix(path)) {
            return;
        }
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
        UserPrincipal me = currentUser(path);
        if (mustOwn && me != null && !me.equals(attributes.owner())) {
            throw new StoreException(Kind.INSECURE_PERMISSIONS, path + " belongs to " + attributes.owner().getName()
                    + ", not to " + me.getName() + ", so someone else can change it. Use a folder of your own "
                    + "(INAT_AUTH_HOME), or give it to " + me.getName() + ".");
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(attributes.permissions());
        open.retainAll(forbidden);
        if (!open.isEmpty()) {
            throw new StoreException(Kind.INSECURE_PERMISSIONS, path + " has mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + ", which lets other users at it. "
                    + "Run: " + fix);
        }
    }

    /** This process's user, or null when the system cannot name it (then ownership is not checked). */
    private static UserPrincipal currentUser(Path path) {
        UserPrincipal me = currentUser;
        if (me == null) {
            try {
                me = path.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(System.getProperty("user.name"));
                currentUser = me;
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return null;
            }
        }
        return me;
    }
}
