package io.jlivepatch.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The boot jars of other jlivepatch versions in the agent's private directory: each version
 * extracts its own ({@code jlp-boot-CHECKSUM.jar}), and nothing removed the old ones. A boot jar
 * is removed only if it is a regular file (links are not followed) of the JVM's user, no JVM
 * holds it ({@link #hold}: a shared lock on the jar for the JVM's lifetime, which goes with the
 * process however it ends), and no process that {@code /proc} shows has it open or mapped (JVMs
 * of versions that did not hold their jar).
 *
 * <p>A JVM holds {@link #lock} of the directory from before it extracts its boot jar until it
 * holds the jar, so that no jar is removed between the two.
 */
final class OldBootJars {

    private static final String PREFIX = "jlp-boot-";
    private static final String LOCK = ".lock";
    private static final Path PROC = Path.of("/proc");

    private OldBootJars() {
    }

    /**
     * Locks the directory against removals until the lock is released: held across extracting
     * and appending a boot jar, and across a removal.
     *
     * @param dir the private directory
     * @return the locked lock file; closing it releases the lock
     * @throws IOException if the lock file cannot be opened, or is not a regular file of the
     *     JVM's user (never followed if it is a link)
     */
    static FileChannel lock(Path dir) throws IOException {
        Path file = dir.resolve(LOCK);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
        try {
            if (!PrivateDirectory.isOwnRegularFile(file)) {
                throw new IOException(file + " is not a regular file of the JVM's user");
            }
            channel.lock();
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** This JVM's hold on its boot jar, open for the JVM's lifetime. */
    private static FileChannel held;

    /**
     * Holds this JVM's boot jar for the JVM's lifetime: no other JVM removes it meanwhile.
     *
     * @param jar the boot jar on this JVM's bootstrap class path
     * @throws IOException if it cannot be locked
     */
    static synchronized void hold(Path jar) throws IOException {
        if (held == null) {
            FileChannel channel = FileChannel.open(jar, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS);
            channel.lock(0, Long.MAX_VALUE, true);
            held = channel;
        }
    }

    /**
     * Removes the boot jars of {@code dir} other than {@code current} that nothing uses. Call it
     * holding {@link #lock}.
     *
     * @param dir the private directory
     * @param current the boot jar this JVM uses
     * @return the jars removed
     */
    static List<Path> remove(Path dir, Path current) {
        Set<Path> inUse = openFiles();
        if (inUse == null) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, PREFIX + "*.jar")) {
            Path real = dir.toRealPath();
            for (Path jar : jars) {
                if (!jar.getFileName().equals(current.getFileName())
                        && PrivateDirectory.isOwnRegularFile(jar)
                        && !inUse.contains(real.resolve(jar.getFileName()))
                        && removeUnheld(jar)) {
                    removed.add(jar);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Left for the next JVM to remove; nothing depends on it.
        }
        return removed;
    }

    /** @return whether the jar was removed: no JVM held it */
    private static boolean removeUnheld(Path jar) throws IOException {
        try (FileChannel channel = FileChannel.open(jar, Set.of(StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return false;
            }
            Files.delete(jar);
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // this JVM holds it
        }
    }

    /**
     * @return the files that the processes of this user that can be inspected have open or
     *     mapped, or null if there is no {@code /proc} to tell
     */
    private static Set<Path> openFiles() {
        Set<Path> files = new HashSet<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            Object self = Files.getOwner(PROC.resolve("self"));
            for (Path process : processes) {
                PosixFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(process, PosixFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!attributes.owner().equals(self) && !isRoot(self)) {
                        continue; // another user's process cannot open this user's private files
                    }
                    addOpenFiles(process, files);
                } catch (NoSuchFileException e) {
                    continue; // exited since it was listed
                } catch (AccessDeniedException e) {
                    continue; // hides its files (another namespace); only a hold protects it
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return files;
    }

    private static boolean isRoot(Object user) {
        return user.toString().equals("root");
    }

    private static void addOpenFiles(Path process, Set<Path> files) throws IOException {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    files.add(Files.readSymbolicLink(fd));
                } catch (NoSuchFileException e) {
                    // Closed since it was listed.
                }
            }
        }
        for (String line : Files.readAllLines(process.resolve("maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0) {
                files.add(Path.of(line.substring(slash)));
            }
        }
    }
}
