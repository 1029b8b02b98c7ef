package io.jlivepatch.agent.control;

import io.jlivepatch.core.mbean.LivePatchMXBean;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jlp}'s end of the {@link ControlServer control channel}: a {@link LivePatchMXBean}
 * whose calls run in the agent. A call that cannot reach the agent throws an
 * {@link java.lang.reflect.UndeclaredThrowableException} whose cause is the
 * {@link IOException}, as a JMX proxy does.
 *
 * <p>Thread safety: calls are serialised on the connection.
 */
public final class ControlClient implements AutoCloseable {

    private final SocketChannel channel;
    private final BufferedReader in;
    private final Writer out;

    private ControlClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8));
        this.out = Channels.newWriter(channel, StandardCharsets.UTF_8);
    }

    /**
     * Connects to the channel of JVM {@code pid} at {@code path}, the value of
     * {@link ControlServer#PROPERTY} in that JVM; when the JVM runs in another mount namespace
     * (a container), through {@code /proc/PID/root}.
     *
     * @param pid the JVM's process id
     * @param path the socket's path as the JVM sees it
     * @return the connected client
     * @throws WrongPeerException if another process or user than JVM {@code pid} serves the
     *     socket; nothing was sent
     * @throws IOException if the socket cannot be reached, or who serves it cannot be verified
     */
    public static ControlClient connect(long pid, String path) throws IOException {
        Path socket = Path.of(path);
        if (!Files.exists(socket)) {
            Path inContainer = Path.of("/proc", Long.toString(pid), "root")
                    .resolve(socket.getRoot().relativize(socket));
            if (Files.exists(inContainer)) {
                socket = inContainer;
            }
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ControlPeer.verify(channel, pid, path);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new ControlClient(channel);
    }

    /** @return the agent's bean, called over this connection */
    public LivePatchMXBean livePatch() {
        return (LivePatchMXBean) Proxy.newProxyInstance(LivePatchMXBean.class.getClassLoader(),
                new Class<?>[] {LivePatchMXBean.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return objectMethod(proxy, method, args);
                    }
                    return call(method, args);
                });
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "LivePatchMXBean over " + channel;
        };
    }

    private synchronized Object call(Method method, Object[] args) throws Exception {
        out.write(ControlProtocol.request(method, args));
        out.write('\n');
        out.flush();
        String answer = in.readLine();
        if (answer == null) {
            throw new EOFException("the JVM closed the jlivepatch control channel");
        }
        return ControlProtocol.answer(answer, method);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
