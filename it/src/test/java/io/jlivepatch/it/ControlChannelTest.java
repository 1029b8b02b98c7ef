package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@code jlp} talks to the agent over its control channel, a Unix-domain socket only the JVM's
 * user may open, and starts no JMX connector in the JVM; with {@code control=off} the same
 * commands work over JMX. The channel's directory goes with the JVM.
 */
class ControlChannelTest {

    /** The property the JVM's local management agent sets once it has started. */
    /** The system property in which the agent publishes its socket's path. */
    private static final String CONTROL_PROPERTY = "jlivepatch.agent.control";
    private static final String JMX_ADDRESS = "com.sun.management.jmxremote.localConnectorAddress";

    @Test
    void jlpUsesTheChannelAndStartsNoJmxAgent() throws Exception {
        Path socket;
        try (TargetJvm jvm = TargetJvm.start(Mode.ATTACHED)) {
            Jlp.ok("load", jvm.pid(), Jars.patch("k1"));
            assertEquals("test_klp_livepatch: this has been live patched", jvm.call("cmdline"));
            assertTrue(Jlp.ok("status", jvm.pid()).out().contains("test_klp_livepatch"));
            Jlp.ok("disable", jvm.pid(), "test_klp_livepatch");

            Properties system = new Properties();
            Properties agent = new Properties();
            read(jvm.pid(), system, agent);
            assertNull(agent.getProperty(JMX_ADDRESS), "jlp started no JMX connector: " + agent);
            String published = system.getProperty(CONTROL_PROPERTY);
            assertNotNull(published, "the agent published its socket: " + system);
            socket = Path.of(published);
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(socket)));
            assertEquals("rwx------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(socket.getParent())));
        }
        assertFalse(Files.exists(socket.getParent()), "the channel's directory went with the JVM");
    }

    @Test
    void withControlOffTheSameCommandsWorkOverJmx() throws Exception {
        try (TargetJvm jvm = TargetJvm.startPreloaded("control=off")) {
            Jlp.ok("load", jvm.pid(), Jars.patch("k1"));
            assertEquals("test_klp_livepatch: this has been live patched", jvm.call("cmdline"));
            assertTrue(Jlp.ok("status", jvm.pid()).out().contains("test_klp_livepatch"));
            Jlp.ok("disable", jvm.pid(), "test_klp_livepatch");
            assertEquals("cmdline: original", jvm.call("cmdline"));

            Properties system = new Properties();
            Properties agent = new Properties();
            read(jvm.pid(), system, agent);
            assertNull(system.getProperty(CONTROL_PROPERTY), system.toString());
            assertNotNull(agent.getProperty(JMX_ADDRESS), "jlp went over JMX: " + agent);
        }
    }

    private static void read(long pid, Properties system, Properties agent) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            system.putAll(vm.getSystemProperties());
            agent.putAll(vm.getAgentProperties());
        } finally {
            vm.detach();
        }
    }
}
