package io.jlivepatch.agent.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.PatchException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control channel over a real Unix-domain socket, served by a bean that records its calls:
 * every operation of {@link LivePatchMXBean} arrives with its arguments and returns its value,
 * a refusal keeps its kind and message, and only the owner may open the socket.
 */
class ControlChannelTest {

    @TempDir
    Path tmp;

    @Test
    void everyOperationCrossesWithItsArgumentsAndValue() throws Exception {
        RecordingBean bean = new RecordingBean();
        try (ControlClient client = ControlClient.connect(ProcessHandle.current().pid(),
                ControlServer.start(tmp, bean, System.getLogger("test")).toString())) {
            LivePatchMXBean agent = client.livePatch();

            assertEquals("fix \"1\"\n", agent.load("/p/fix.jar"));
            agent.disable("fix-1");
            agent.enable("fix-1");
            agent.force();
            assertEquals("{\"events\":42}", agent.eventsJson(42));
            assertArrayEquals(new String[] {"a", "b,c"}, agent.getPatchNames());
            assertArrayEquals(new String[0], agent.getEvents());
            assertNull(agent.getTransition());
            assertEquals("[]", agent.getThreadStatesJson());
            assertEquals("{}", agent.getStatusJson());
            assertEquals("1.2.3", agent.getVersion());

            assertEquals(List.of("load /p/fix.jar", "disable fix-1", "enable fix-1", "force",
                    "eventsJson 42", "getPatchNames", "getEvents", "getTransition",
                    "getThreadStatesJson", "getStatusJson", "getVersion"), bean.calls);
        }
    }

    @Test
    void refusalsKeepKindAndMessageAndFailuresAreNamed() throws Exception {
        RecordingBean bean = new RecordingBean();
        try (ControlClient client = ControlClient.connect(ProcessHandle.current().pid(),
                ControlServer.start(tmp, bean, System.getLogger("test")).toString())) {
            LivePatchMXBean agent = client.livePatch();

            PatchException busy = assertThrows(PatchException.class, () -> agent.disable("busy"));
            assertEquals(PatchException.Kind.BUSY, busy.kind());
            assertEquals("'x' is in transition", busy.getMessage());

            IllegalStateException failed = assertThrows(IllegalStateException.class,
                    () -> agent.enable("boom"));
            assertTrue(failed.getMessage().contains("java.lang.UnsupportedOperationException:"
                    + " boom"), failed.getMessage());

            assertEquals("fix \"1\"\n", agent.load("/p/fix.jar"), "the channel still serves");
        }
    }

    @Test
    void socketIsTheOwnersOnlyAndNamedInTheProperty() throws Exception {
        Path socket = ControlServer.start(tmp, new RecordingBean(), System.getLogger("test"));

        assertEquals(socket.toString(), System.getProperty(ControlServer.PROPERTY));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(socket.getParent())));
        assertTrue(socket.getParent().getFileName().toString()
                .startsWith(".jlivepatch-" + ProcessHandle.current().pid() + "-"));
    }

    @Test
    void clientsAreServedAtTheSameTime() throws Exception {
        RecordingBean bean = new RecordingBean();
        Path socket = ControlServer.start(tmp, bean, System.getLogger("test"));
        long self = ProcessHandle.current().pid();
        try (ControlClient waiting = ControlClient.connect(self, socket.toString());
                ControlClient other = ControlClient.connect(self, socket.toString())) {
            Thread blocked = new Thread(() -> {
                try {
                    waiting.livePatch().load("wait");
                } catch (PatchException e) {
                    throw new IllegalStateException(e);
                }
            });
            blocked.start();
            assertTrue(bean.waiting.await(10, TimeUnit.SECONDS));

            assertEquals("1.2.3", other.livePatch().getVersion(),
                    "a second client is answered while the first one's call runs");
            bean.release.countDown();
            blocked.join(10_000);
        }
    }

    @Test
    void aClosedChannelIsALostConnection() throws Exception {
        Path socket = ControlServer.start(tmp, new RecordingBean(), System.getLogger("test"));
        ControlClient client = ControlClient.connect(ProcessHandle.current().pid(),
                socket.toString());
        LivePatchMXBean agent = client.livePatch();
        client.close();

        UndeclaredThrowableException lost = assertThrows(UndeclaredThrowableException.class,
                agent::getVersion);
        assertTrue(lost.getCause() instanceof java.io.IOException, lost.toString());
    }

    /** Answers each operation with a value derived from its arguments, and records the call. */
    private static final class RecordingBean implements LivePatchMXBean {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

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
            return "[]";
        }

        @Override
        public String getStatusJson() {
            calls.add("getStatusJson");
            return "{}";
        }

        @Override
        public String loadStrict(String jarPath) {
            throw new UnsupportedOperationException("loadStrict");
        }

        @Override
        public String auditJson() {
            return "[]";
        }

        @Override
        public String eventsJson(long afterSequence) {
            calls.add("eventsJson " + afterSequence);
            return "{\"events\":" + afterSequence + "}";
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
