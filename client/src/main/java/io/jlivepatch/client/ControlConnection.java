package io.jlivepatch.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link LivePatchClient} over the agent's control channel: a Unix-domain socket whose path the
 * JVM publishes in the system property {@link #PROPERTY}, one request line and its answer lines
 * at a time. Before anything is sent, the peer is checked to be the JVM named
 * ({@link ControlPeer}).
 *
 * <p>Thread safety: requests are serialised on the connection.
 */
public final class ControlConnection implements LivePatchClient {

    /** The system property in which the agent publishes its socket's path. */
    public static final String PROPERTY = "jlivepatch.agent.control";
    /**
     * The system property the running agent sets to its version: how a client tells, over the
     * attach mechanism, whether a JVM runs jlivepatch.
     */
    public static final String VERSION_PROPERTY = "jlivepatch.agent.version";

    private final SocketChannel channel;
    private final BufferedReader in;
    private final Writer out;

    private ControlConnection(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8));
        this.out = Channels.newWriter(channel, StandardCharsets.UTF_8);
    }

    /**
     * Connects to the channel of JVM {@code pid} at {@code path}, the value of {@link #PROPERTY}
     * in that JVM; when the JVM runs in another mount namespace (a container), through
     * {@code /proc/PID/root}.
     *
     * @param pid the JVM's process id
     * @param path the socket's path as the JVM sees it
     * @return the connection
     * @throws WrongPeerException if another process or user than JVM {@code pid} serves the
     *     socket; nothing was sent
     * @throws IOException if the socket cannot be reached, or who serves it cannot be verified
     */
    public static ControlConnection connect(long pid, String path) throws IOException {
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
        return new ControlConnection(channel);
    }

    @Override
    public String load(String jar, boolean strict) throws Refusal, ConnectionLost {
        return (String) operation(new Request.Load(jar, strict));
    }

    @Override
    public void disable(String patch) throws Refusal, ConnectionLost {
        operation(new Request.Disable(patch));
    }

    @Override
    public void enable(String patch) throws Refusal, ConnectionLost {
        operation(new Request.Enable(patch));
    }

    @Override
    public void force() throws Refusal, ConnectionLost {
        operation(new Request.Force());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Status status() throws ConnectionLost {
        return new Status((Map<String, Object>) read(new Request.ReadStatus()));
    }

    @Override
    public List<ThreadState> threadStates() throws ConnectionLost {
        return Json.objects(read(new Request.ReadThreadStates()), ThreadState::of);
    }

    @Override
    public List<Event> events(long afterSequence) throws ConnectionLost {
        return Json.objects(read(new Request.ReadEvents(afterSequence)), Event::of);
    }

    @Override
    public List<AuditRecord> audit() throws ConnectionLost {
        return Json.objects(read(new Request.ReadAudit()), AuditRecord::of);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized TransitionEnd awaitTransition(String patch, Duration timeout,
            long afterSequence, TransitionProgress progress)
            throws ConnectionLost, InterruptedException {
        send(new Request.AwaitTransition(patch, timeout.toMillis(), afterSequence));
        List<Event> events = new ArrayList<>();
        while (true) {
            Answer answer = receive();
            if (answer instanceof Answer.Progress p) {
                events.add(p.event());
                progress.event(p.event());
            } else if (answer instanceof Answer.Waiting w) {
                progress.stillWaiting(Duration.ofMillis(w.millis()), w.status());
            } else if (answer instanceof Answer.Value v && v.value() instanceof Map<?, ?> end) {
                return new TransitionEnd(patch,
                        TransitionEnd.State.valueOf(String.valueOf(end.get("state"))),
                        new Status((Map<String, Object>) end.get("status")), events);
            } else {
                throw new ConnectionLost("the jlivepatch agent answered the wait for '" + patch
                        + "' with " + unrefused(answer, "awaitTransition") + ", which is no"
                        + " transition's end", null);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the transition"
                        + " of '" + patch + "'");
            }
        }
    }

    private synchronized Object read(Request request) throws ConnectionLost {
        send(request);
        return unrefused(receive(), request.op());
    }

    /** @return the value of the final answer to a request the agent never refuses */
    private static Object unrefused(Answer answer, String op) throws ConnectionLost {
        try {
            return finalValue(answer);
        } catch (Refusal e) {
            throw new IllegalStateException("the jlivepatch agent refused " + op + ", which it"
                    + " never refuses: " + e.getMessage(), e);
        }
    }

    private synchronized Object operation(Request request) throws Refusal, ConnectionLost {
        send(request);
        return finalValue(receive());
    }

    /** @return the value of a final answer; throws what a refused or failed one means */
    private static Object finalValue(Answer answer) throws Refusal, ConnectionLost {
        if (answer instanceof Answer.Value v) {
            return v.value();
        } else if (answer instanceof Answer.Refused r) {
            throw new Refusal(r.kind(), r.message());
        } else if (answer instanceof Answer.Failed f) {
            throw new IllegalStateException("the jlivepatch agent failed: " + f.message());
        }
        throw new ConnectionLost("the jlivepatch agent sent " + answer.toLine() + " where a"
                + " final answer belongs", null);
    }

    private void send(Request request) throws ConnectionLost {
        try {
            out.write(request.toLine());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw lost(e);
        }
    }

    private Answer receive() throws ConnectionLost {
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            throw lost(e);
        }
        if (line == null) {
            throw new ConnectionLost("the JVM closed the jlivepatch control channel", null);
        }
        try {
            return Answer.read(line);
        } catch (IllegalStateException e) {
            throw new ConnectionLost(e.getMessage()
                    + " (this client and the agent may be of different versions)", e);
        }
    }

    private static ConnectionLost lost(IOException e) {
        return new ConnectionLost(e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is left to release on this side.
        }
    }
}
