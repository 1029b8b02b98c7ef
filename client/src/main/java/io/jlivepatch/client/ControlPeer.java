package io.jlivepatch.client;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who serves a control socket: {@code jlp} reads the socket's path from the JVM it attached
 * to, and that JVM could name another JVM's socket (a JVM of another user pointing
 * {@link ControlConnection#PROPERTY} at root's). Before anything is sent, the peer must be that JVM:
 * its user, from the socket's credentials ({@code SO_PEERCRED}), is the owner of the attached
 * process, and every listening socket bound to the path (from {@code /proc/PID/net/unix}) is an
 * open file of the attached process ({@code /proc/PID/fd}).
 *
 * <p>The JDK's {@code SO_PEERCRED} gives the peer's user and group, not its process id, hence
 * the listening socket's inode stands for the pid.
 */
public final class ControlPeer {

    /** {@code __SO_ACCEPTCON}: the flags of a listening socket in {@code /proc/net/unix}. */
    private static final String LISTENING = "00010000";
    private static final Path PROC = Path.of("/proc");

    private ControlPeer() {
    }

    /**
     * @param channel a connected control channel
     * @param pid the process id of the JVM {@code jlp} attached to
     * @param path the socket's path as that JVM published it
     * @throws WrongPeerException if another process or user serves the socket
     * @throws IOException if the peer cannot be verified ({@code /proc} unreadable)
     */
    static void verify(SocketChannel channel, long pid, String path)
            throws IOException {
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        Path process = PROC.resolve(Long.toString(pid));
        String jvmUser = Files.getOwner(process).getName();
        Set<String> listening = listeningInodes(process, path);
        if (listening.isEmpty()) {
            throw new IOException("no listening socket " + path + " in /proc/" + pid
                    + "/net/unix; cannot verify who serves it");
        }
        Set<String> held = socketInodes(process);
        String peerUser = peer.user().getName();
        for (String inode : listening) {
            if (!held.contains(inode)) {
                throw new WrongPeerException("the control socket " + path + " that JVM " + pid
                        + " (user " + jvmUser + ") names is served by " + holder(inode)
                        + " (user " + peerUser + "), not by JVM " + pid + "; refusing to act on a"
                        + " JVM other than the one named: JVM " + pid + " may be trying to"
                        + " redirect jlp");
            }
        }
        if (!peerUser.equals(jvmUser)) {
            throw new WrongPeerException("the control socket " + path + " of JVM " + pid
                    + " is served by user " + peerUser + ", but JVM " + pid + " runs as user "
                    + jvmUser + "; refusing to act on it");
        }
    }

    /** @return the inodes of the listening sockets bound to {@code path}, as the JVM sees it */
    private static Set<String> listeningInodes(Path process, String path) throws IOException {
        return listening(process.resolve("net/unix")).getOrDefault(path, Set.of());
    }

    /**
     * @param netUnix a {@code /proc/.../net/unix} file
     * @return path to the inodes of the listening sockets bound to it
     * @throws IOException if the file cannot be read
     */
    public static Map<String, Set<String>> listening(Path netUnix) throws IOException {
        Map<String, Set<String>> sockets = new HashMap<>();
        for (String line : Files.readAllLines(netUnix)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 8 && fields[3].equals(LISTENING)) {
                sockets.computeIfAbsent(fields[7], p -> new HashSet<>()).add(fields[6]);
            }
        }
        return sockets;
    }

    /** @return the inodes of the sockets the process has open */
    private static Set<String> socketInodes(Path process) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed since it was listed
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        }
        return inodes;
    }

    /** @return {@code process P} holding the socket, or {@code another process} if unseen */
    private static String holder(String inode) {
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                try {
                    if (socketInodes(process).contains(inode)) {
                        return "process " + process.getFileName();
                    }
                } catch (IOException e) {
                    // Another user's process, or gone: not readable here.
                }
            }
        } catch (IOException e) {
            return "another process";
        }
        return "another process";
    }
}
