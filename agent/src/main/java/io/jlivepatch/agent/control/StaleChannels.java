package io.jlivepatch.agent.control;

import io.jlivepatch.client.ControlPeer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the control channel directories of JVMs that are gone without removing them (killed
 * with SIGKILL, crashed): only this user's own, only those whose process no longer runs and whose
 * socket nobody listens on any more.
 */
final class StaleChannels {

    private static final Pattern DIRECTORY = Pattern.compile("\\.jlivepatch-(\\d+)-\\d+");
    private static final String SOCKET = "control";

    private StaleChannels() {
    }

    /**
     * @param tmpDir where the channels' directories are
     * @param logger where a directory that cannot be removed is reported
     */
    static void remove(Path tmpDir, System.Logger logger) {
        Set<String> listening = listeningPaths();
        if (listening == null) {
            return; // without /proc/net/unix a live channel cannot be told from a stale one
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmpDir, ".jlivepatch-*")) {
            Object self = Files.getOwner(Path.of("/proc/self"));
            for (Path dir : dirs) {
                Matcher m = DIRECTORY.matcher(dir.getFileName().toString());
                if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                    continue;
                }
                PosixFileAttributes attributes = Files.readAttributes(dir,
                        PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                Path socket = dir.resolve(SOCKET);
                if (attributes.isDirectory() && attributes.owner().equals(self)
                        && !listening.contains(socket.toString())) {
                    try {
                        Files.deleteIfExists(socket);
                        Files.delete(dir);
                    } catch (IOException e) {
                        logger.log(System.Logger.Level.DEBUG, "cannot remove the stale"
                                + " jlivepatch control directory " + dir + ": " + e);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            logger.log(System.Logger.Level.DEBUG, "stale jlivepatch control directories not"
                    + " removed: " + e);
        }
    }

    /** @return the paths of the listening Unix-domain sockets, or null if unknown */
    private static Set<String> listeningPaths() {
        try {
            return ControlPeer.listening(Path.of("/proc/self/net/unix")).keySet();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
