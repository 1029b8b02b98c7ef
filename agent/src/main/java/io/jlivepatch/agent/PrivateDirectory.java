package io.jlivepatch.agent;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * A directory of the agent in a shared temporary directory (the boot jar's, the control
 * socket's): only the JVM's user may have made it or may change it, since what lies in it goes
 * on the bootstrap class path or controls the JVM. Made with {@code mkdir} and mode 0700 in one
 * step (which never follows a symbolic link), then checked, link not followed: a directory, owned
 * by the JVM's user, mode 0700. One that another user made first, or a link, is refused.
 *
 * <p>References JDK types only: {@link Agent} uses it before the boot jar is appended.
 */
public final class PrivateDirectory {

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);

    private PrivateDirectory() {
    }

    /**
     * Creates {@code dir} private to the JVM's user, or checks that an existing one is.
     *
     * @param dir the directory
     * @param purpose what it holds, for the message, for example {@code the jlivepatch boot jar}
     * @return {@code dir}
     * @throws IOException if it cannot be made, or is not a private directory of the JVM's user
     */
    public static Path createOrCheck(Path dir, String purpose) throws IOException {
        if (!isPosix(dir)) {
            return Files.createDirectories(dir);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // Checked below, like one just made.
        }
        return check(dir, purpose);
    }

    /**
     * Checks, link not followed, that {@code dir} is a directory of the JVM's user, mode 0700.
     *
     * @param dir the directory
     * @param purpose what it holds, for the message
     * @return {@code dir}
     * @throws IOException naming what is wrong and what to do
     */
    public static Path check(Path dir, String purpose) throws IOException {
        if (!isPosix(dir)) {
            return dir;
        }
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        String problem = null;
        if (attributes.isSymbolicLink()) {
            problem = "is a symbolic link";
        } else if (!attributes.isDirectory()) {
            problem = "is not a directory";
        } else if (!attributes.owner().equals(jvmUser(dir))) {
            problem = "is owned by " + attributes.owner().getName() + ", not by "
                    + jvmUser(dir).getName() + " who runs this JVM";
        } else if (!attributes.permissions().equals(OWNER_ONLY)) {
            problem = "has permissions " + PosixFilePermissions.toString(
                    attributes.permissions()) + ", not rwx------";
        }
        if (problem != null) {
            throw new IOException(dir + " " + problem + ": it holds " + purpose + ", so it must"
                    + " be a directory of the JVM's user with permissions rwx------; another user"
                    + " may have made it first. Remove it (or set java.io.tmpdir to a directory"
                    + " of this user) and try again");
        }
        return dir;
    }

    /**
     * Writes {@code bytes} to {@code file} in a private directory whole or not at all: to a
     * temporary file beside it, then renamed over it.
     *
     * @param file the file
     * @param bytes its content
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public static Path writeWhole(Path file, byte[] bytes) throws IOException {
        Path partial = Files.createTempFile(file.getParent(), "jlivepatch-", ".partial");
        try {
            Files.write(partial, bytes);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return file;
    }

    /**
     * Checks, link not followed, that {@code file} in a private directory is a regular file of
     * the JVM's user.
     *
     * @param file the file
     * @return whether it is
     * @throws IOException if its attributes cannot be read
     */
    static boolean isOwnRegularFile(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return !isPosix(file) || Files.getOwner(file, LinkOption.NOFOLLOW_LINKS)
                .equals(jvmUser(file));
    }

    /**
     * @return the user who runs this JVM: the owner of {@code /proc/self} (its effective user)
     *     on Linux, else the user named by {@code user.name}
     */
    private static UserPrincipal jvmUser(Path onFileSystem) throws IOException {
        Path self = Path.of("/proc/self");
        if (Files.isDirectory(self)) {
            return Files.getOwner(self);
        }
        return onFileSystem.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
