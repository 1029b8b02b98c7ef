package io.jlivepatch.agent.control;

import io.jlivepatch.agent.PrivateDirectory;
import io.jlivepatch.agent.Requester;
import io.jlivepatch.client.ControlConnection;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The agent's control channel: a Unix-domain socket on which {@code jlp} and other clients
 * ({@link ControlConnection}) send typed requests, served with the operations of
 * {@link LivePatchMXBean}, the same bean JMX serves, without the JVM's management agent and
 * RMI, which a first {@code jlp load} would otherwise start (about half of its time).
 *
 * <p>Only the JVM's own user (and root) gets in, as with the attach mechanism: the socket lies
 * in a directory only that user may enter, is readable and writable by that user only, and each
 * connection's peer credentials are checked. The socket's path is published in the system
 * property {@link #PROPERTY}, which {@code jlp} reads over the attach mechanism; the directory
 * goes when the JVM exits normally.
 *
 * <p>Thread safety: one daemon thread accepts, one daemon thread serves each connection; the
 * bean is called from them as JMX would call it.
 */
public final class ControlServer {

    /** The system property that holds the socket's path. */
    public static final String PROPERTY = ControlConnection.PROPERTY;

    private static final String SOCKET = "control";
    /**
     * Connections served at once; more are answered busy and closed, so that clients cannot
     * pile up threads in the JVM.
     */
    static final int MAX_CONNECTIONS = 8;
    /** The user HotSpot's attach mechanism lets in besides the JVM's own. */
    private static final String SUPERUSER = "root";

    private final ServerSocketChannel server;
    private final Path socket;
    private final String owner;
    private final ControlProtocol protocol;
    private final TransitionAwait transitions;
    private final System.Logger logger;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();

    private ControlServer(ServerSocketChannel server, Path socket, String owner,
            LivePatchMXBean bean, System.Logger logger) {
        this.server = server;
        this.socket = socket;
        this.owner = owner;
        this.transitions = new TransitionAwait(bean);
        this.protocol = new ControlProtocol(bean, transitions);
        this.logger = logger;
    }

    /**
     * Opens the channel in a new private directory under {@code tmpDir}, publishes its path in
     * {@link #PROPERTY} and starts serving.
     *
     * @param tmpDir where the directory is made ({@code java.io.tmpdir})
     * @param bean the bean to serve
     * @param logger where a refused connection is reported
     * @return the channel; tell it of every change of the engine ({@link #changed})
     * @throws IOException if the socket cannot be made; {@code jlp} then uses JMX
     */
    public static ControlServer start(Path tmpDir, LivePatchMXBean bean, System.Logger logger)
            throws IOException {
        StaleChannels.remove(tmpDir, logger);
        Path dir = Files.createTempDirectory(tmpDir, ".jlivepatch-" + ProcessHandle.current().pid()
                + "-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rwx------")));
        PrivateDirectory.check(dir, "the jlivepatch control socket");
        Path socket = dir.resolve(SOCKET);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
            throw e;
        }
        dir.toFile().deleteOnExit();
        socket.toFile().deleteOnExit();
        ControlServer control = new ControlServer(server, socket, Files.getOwner(dir).getName(),
                bean, logger);
        Thread acceptor = new Thread(control::accept, "jlivepatch control");
        acceptor.setDaemon(true);
        acceptor.start();
        System.setProperty(PROPERTY, socket.toString());
        return control;
    }

    /** @return the socket's path */
    public Path socket() {
        return socket;
    }

    /**
     * Wakes the clients waiting for a transition to end: call it after each event the engine
     * logs and each change of its patches.
     */
    public void changed() {
        transitions.signal();
    }

    private void accept() {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                logger.log(System.Logger.Level.WARNING, "jlivepatch control channel " + socket
                        + " stopped: " + e + "; jlp falls back to JMX");
                System.clearProperty(PROPERTY);
                return;
            }
            if (served.incrementAndGet() > MAX_CONNECTIONS) {
                served.decrementAndGet();
                refuseBusy(client);
                continue;
            }
            Thread serving = new Thread(() -> {
                try {
                    serve(client);
                } finally {
                    served.decrementAndGet();
                }
            }, "jlivepatch control " + connections.incrementAndGet());
            serving.setDaemon(true);
            serving.start();
        }
    }

    /** Answers the first request of a connection over the limit with a busy refusal. */
    private static void refuseBusy(SocketChannel client) {
        try (client) {
            client.configureBlocking(true);
            Writer out = Channels.newWriter(client, StandardCharsets.UTF_8);
            out.write(ControlProtocol.busy("jlivepatch serves " + MAX_CONNECTIONS + " control"
                    + " connections at once; try again when one has closed"));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // The client went away.
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String user = peer.user().getName();
            if (!user.equals(owner) && !user.equals(SUPERUSER)) {
                logger.log(System.Logger.Level.WARNING, "jlivepatch control channel: refused a"
                        + " connection of user " + user + "; only " + owner
                        + " may control this JVM");
                return;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(
                    Channels.newInputStream(client), StandardCharsets.UTF_8));
            Writer out = Channels.newWriter(client, StandardCharsets.UTF_8);
            TransitionAwait.AnswerLines lines = answer -> {
                out.write(answer.toLine());
                out.write('\n');
                out.flush();
            };
            String line;
            while ((line = in.readLine()) != null) {
                String request = line;
                Requester.as(user, () -> {
                    protocol.serve(request, lines);
                    return null;
                });
            }
        } catch (IOException e) {
            // The client went away (jlp was stopped); the next one connects afresh.
        }
    }
}
