package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.TargetJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM that names another JVM's control socket as its own (as another user would, pointing
 * {@code jlivepatch.agent.control} at root's JVM) gets {@code jlp} to act on nothing: exit 5,
 * a message naming both, and the JVM whose socket it is stays as it was.
 */
class ControlPeerTest {

    private static final String CONTROL_PROPERTY = "jlivepatch.agent.control";
    private static final String VERSION_PROPERTY = "jlivepatch.agent.version";

    @Test
    void jlpRefusesASocketServedByAnotherJvmThanTheOneNamed() throws Exception {
        try (TargetJvm victim = TargetJvm.start(Mode.PRELOADED)) {
            Jlp.ok("load", victim.pid(), Jars.patch("k1"));
            String socket = systemProperty(victim.pid(), CONTROL_PROPERTY);
            String version = systemProperty(victim.pid(), VERSION_PROPERTY);
            try (TargetJvm decoy = TargetJvm.startWith(Mode.ATTACHED, null, List.of(
                    "-D" + CONTROL_PROPERTY + "=" + socket, "-D" + VERSION_PROPERTY + "="
                            + version))) {
                for (List<Object> command : List.of(
                        List.<Object>of("status", decoy.pid()),
                        List.<Object>of("load", decoy.pid(), Jars.patch("k2")),
                        List.<Object>of("disable", decoy.pid(), "test_klp_livepatch"))) {
                    Jlp.Result result = Jlp.run(command.toArray());
                    assertEquals(5, result.exit(), result.describe());
                    assertTrue(result.err().contains("process " + victim.pid())
                            && result.err().contains("not by JVM " + decoy.pid()),
                            result.describe());
                }
                assertEquals(List.of("test_klp_livepatch"), victim.patchNames());
                assertEquals("test_klp_livepatch: this has been live patched",
                        victim.call("cmdline"));
            }
        }
    }

    private static String systemProperty(long pid, String name) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            return vm.getSystemProperties().getProperty(name);
        } finally {
            vm.detach();
        }
    }
}
