package io.jlivepatch.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.ControlConnection;
import io.jlivepatch.client.Event;
import io.jlivepatch.client.Refusal;
import io.jlivepatch.client.TransitionEnd;
import io.jlivepatch.client.TransitionProgress;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.PatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control channel over a real Unix-domain socket, served by a bean that records its calls:
 * every typed request arrives with its arguments and returns its typed answer, a refusal keeps
 * its kind and message, a wait for a transition is answered when the transition ends, and only
 * the owner may open the socket.
 */
class ControlChannelTest {

    private static final long SELF = ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    private ControlConnection connect(ControlServer server) throws Exception {
        return ControlConnection.connect(SELF, server.socket().toString());
    }

    @Test
    void everyOperationCrossesWithItsArgumentsAndValue() throws Exception {
        RecordingBean bean = new RecordingBean();
        try (ControlConnection agent = connect(ControlServer.start(tmp, bean,
                System.getLogger("test")))) {

            assertEquals("fix \"1\"\n", agent.load("/p/fix.jar", false));
            assertEquals("strict", agent.load("/p/fix.jar", true));
            agent.disable("fix-1");
            agent.enable("fix-1");
            agent.force();
            assertEquals(List.of(new Event(43, 7, "NOTICE", "livepatch: after 42")),
                    agent.events(42));
            assertEquals("[ThreadState[name=main, id=1, patchState=-1]]",
                    agent.threadStates().toString());
            assertEquals(List.of("fix-1"), agent.status().patches().stream()
                    .map(p -> p.name()).toList());
            assertEquals("jar", agent.audit().get(0).action());

            assertEquals(List.of("load /p/fix.jar", "loadStrict /p/fix.jar", "disable fix-1",
                    "enable fix-1", "force", "eventsJson 42", "getThreadStatesJson",
                    "getStatusJson", "auditJson"), bean.calls);
        }
    }

    @Test
    void refusalsKeepKindAndMessageAndFailuresAreNamed() throws Exception {
        RecordingBean bean = new RecordingBean();
        try (ControlConnection agent = connect(ControlServer.start(tmp, bean,
                System.getLogger("test")))) {

            Refusal busy = assertThrows(Refusal.class, () -> agent.disable("busy"));
            assertEquals(Refusal.Kind.BUSY, busy.kind());
            assertEquals("'x' is in transition", busy.getMessage());

            IllegalStateException failed = assertThrows(IllegalStateException.class,
                    () -> agent.enable("boom"));
            assertTrue(failed.getMessage().contains("java.lang.UnsupportedOperationException:"
                    + " boom"), failed.getMessage());

            assertEquals("fix \"1\"\n", agent.load("/p/fix.jar", false),
                    "the channel still serves");
        }
    }

    @Test
    void aWaitIsAnsweredWhenTheTransitionEndsWithTheEventsOnTheWay() throws Exception {
        RecordingBean bean = new RecordingBean();
        bean.status = RecordingBean.IN_TRANSITION;
        ControlServer server = ControlServer.start(tmp, bean, System.getLogger("test"));
        List<Event> heard = new CopyOnWriteArrayList<>();
        CountDownLatch eventHeard = new CountDownLatch(1);
        try (ControlConnection agent = connect(server)) {
            CompletableFuture<TransitionEnd> end = CompletableFuture.supplyAsync(() -> {
                try {
                    return agent.awaitTransition("fix-1", Duration.ofMinutes(5), 42, event -> {
                        heard.add(event);
                        eventHeard.countDown();
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(bean.statusRead.await(10, TimeUnit.SECONDS));
            assertTrue(eventHeard.await(10, TimeUnit.SECONDS),
                    "the event after 42 arrives while the transition runs");
            assertTrue(!end.isDone(), "answered while the transition still ran");

            bean.status = RecordingBean.PATCHED;
            server.changed();

            TransitionEnd result = end.get(30, TimeUnit.SECONDS);
            assertEquals(TransitionEnd.State.PATCHED, result.state());
            assertEquals(List.of(new Event(43, 7, "NOTICE", "livepatch: after 42")),
                    result.events());
            assertEquals(result.events(), heard);
        }
    }

    @Test
    void aWaitEndsAtItsTimeoutWithTheTransitionStillRunning() throws Exception {
        RecordingBean bean = new RecordingBean();
        bean.status = RecordingBean.IN_TRANSITION;
        try (ControlConnection agent = connect(ControlServer.start(tmp, bean,
                System.getLogger("test")))) {
            TransitionEnd end = agent.awaitTransition("fix-1", Duration.ofMillis(50), 43,
                    TransitionProgress.NONE);

            assertEquals(TransitionEnd.State.RUNNING, end.state());
            assertEquals("PATCHED", end.status().transition().orElseThrow().target());
            assertEquals(List.of(), end.events());
        }
    }

    @Test
    void socketIsTheOwnersOnlyAndNamedInTheProperty() throws Exception {
        Path socket = ControlServer.start(tmp, new RecordingBean(), System.getLogger("test"))
                .socket();

        assertEquals(socket.toString(), System.getProperty(ControlServer.PROPERTY));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(socket.getParent())));
        assertTrue(socket.getParent().getFileName().toString()
                .startsWith(".jlivepatch-" + SELF + "-"));
    }

    @Test
    void clientsAreServedAtTheSameTime() throws Exception {
        RecordingBean bean = new RecordingBean();
        ControlServer server = ControlServer.start(tmp, bean, System.getLogger("test"));
        try (ControlConnection waiting = connect(server);
                ControlConnection other = connect(server)) {
            Thread blocked = new Thread(() -> {
                try {
                    waiting.load("wait", false);
                } catch (Refusal | ConnectionLost e) {
                    throw new IllegalStateException(e);
                }
            });
            blocked.start();
            assertTrue(bean.waiting.await(10, TimeUnit.SECONDS));

            assertEquals(List.of("fix-1"), other.status().patches().stream()
                    .map(p -> p.name()).toList(),
                    "a second client is answered while the first one's call runs");
            bean.release.countDown();
            blocked.join(10_000);
        }
    }

    @Test
    void aClosedChannelIsALostConnection() throws Exception {
        ControlConnection agent = connect(ControlServer.start(tmp, new RecordingBean(),
                System.getLogger("test")));
        agent.close();

        assertThrows(ConnectionLost.class, agent::status);
    }

    /** Answers each operation with a value derived from its arguments, and records the call. */
    private static final class RecordingBean implements LivePatchMXBean {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch statusRead = new CountDownLatch(1);
        static final String PATCHED = "{\"patches\":[{\"name\":\"fix-1\",\"enabled\":true,"
                + "\"transition\":false}],\"transition\":null}";
        static final String IN_TRANSITION = "{\"patches\":[{\"name\":\"fix-1\",\"enabled\":true,"
                + "\"transition\":true}],\"transition\":{\"patch\":\"fix-1\",\"target\":"
                + "\"PATCHED\",\"pendingThreads\":[]}}";
        volatile String status = PATCHED;

        @Override
        public String load(String jarPath) {
            if (jarPath.equals("wait")) {
                waiting.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            calls.add("load " + jarPath);
            return "fix \"1\"\n";
        }

        @Override
        public void disable(String name) throws PatchException {
            if (name.equals("busy")) {
                throw new PatchException(PatchException.Kind.BUSY, "'x' is in transition");
            }
            calls.add("disable " + name);
        }

        @Override
        public void enable(String name) {
            if (name.equals("boom")) {
                throw new UnsupportedOperationException("boom");
            }
            calls.add("enable " + name);
        }

        @Override
        public void force() {
            calls.add("force");
        }

        @Override
        public String getThreadStatesJson() {
            calls.add("getThreadStatesJson");
            return "[{\"name\":\"main\",\"id\":1,\"patchState\":-1}]";
        }

        @Override
        public String getStatusJson() {
            calls.add("getStatusJson");
            statusRead.countDown();
            return status;
        }

        @Override
        public String loadStrict(String jarPath) {
            calls.add("loadStrict " + jarPath);
            return "strict";
        }

        @Override
        public String auditJson() {
            calls.add("auditJson");
            return "[{\"time\":\"2026-01-01T00:00:00Z\",\"user\":\"root\",\"pid\":1,"
                    + "\"action\":\"jar\",\"patch\":null,\"jar\":null,\"sha256\":null,"
                    + "\"outcome\":\"ok\"}]";
        }

        @Override
        public String eventsJson(long afterSequence) {
            calls.add("eventsJson " + afterSequence);
            return afterSequence >= 43 ? "[]" : "[{\"sequence\":43,\"time\":7,\"level\":"
                    + "\"NOTICE\",\"message\":\"livepatch: after 42\"}]";
        }

        @Override
        public String[] getEvents() {
            calls.add("getEvents");
            return new String[0];
        }

        @Override
        public String[] getPatchNames() {
            calls.add("getPatchNames");
            return new String[] {"a", "b,c"};
        }

        @Override
        public String getTransition() {
            calls.add("getTransition");
            return null;
        }

        @Override
        public String getVersion() {
            calls.add("getVersion");
            return "1.2.3";
        }
    }
}
