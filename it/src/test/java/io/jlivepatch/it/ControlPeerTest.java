package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.TargetJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A JVM that names another JVM's control socket as its own (as another user would, pointing
 * {@code jlivepatch.agent.control} at root's JVM) gets {@code jlp} to act on nothing: exit 5,
 * a message naming both, and the JVM whose socket it is stays as it was.
 */
class ControlPeerTest {

    private static final String CONTROL_PROPERTY = "jlivepatch.agent.control";
    private static final String VERSION_PROPERTY = "jlivepatch.agent.version";
    private static final String SETPRIV = "/usr/bin/setpriv";

    @Test
    void jlpRefusesASocketServedByAnotherJvmThanTheOneNamed() throws Exception {
        try (TargetJvm victim = TargetJvm.start(Mode.PRELOADED)) {
            Jlp.ok("load", victim.pid(), Jars.patch("k1"));
            String socket = systemProperty(victim.pid(), CONTROL_PROPERTY);
            String version = systemProperty(victim.pid(), VERSION_PROPERTY);
            try (TargetJvm decoy = TargetJvm.startWith(Mode.ATTACHED, null, List.of(
                    "-D" + CONTROL_PROPERTY + "=" + socket, "-D" + VERSION_PROPERTY + "="
                            + version))) {
                everyCommandExitsFiveSaying(decoy.pid(), "process " + victim.pid(),
                        "not by JVM " + decoy.pid());
                assertEquals(List.of("test_klp_livepatch"), victim.patchNames());
                assertEquals("test_klp_livepatch: this has been live patched",
                        victim.call("cmdline"));
            }
        }
    }

    /**
     * The same attack by another OS user (the case): a JVM of {@code nobody} names the
     * socket of root's JVM. The peer's user from the socket's credentials ({@code SO_PEERCRED})
     * is root, the JVM named runs as nobody: {@code jlp} run by root refuses, and root's JVM
     * hears nothing. Needs root, to start a JVM as another user.
     */
    @Test
    void aJvmOfAnotherUserNamingRootsSocketIsRefusedAndRootsJvmHearsNothing() throws Exception {
        Assumptions.assumeTrue(Files.getOwner(Path.of("/proc/self")).getName().equals("root"),
                "starting a JVM as another user (nobody) needs root; this test runs as "
                        + System.getProperty("user.name"));
        Assumptions.assumeTrue(Files.isExecutable(Path.of(SETPRIV)), "no " + SETPRIV);
        Path dir = Files.createTempDirectory("jlp-other-user", PosixFilePermissions
                .asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path main = Files.writeString(dir.resolve("Wait.java"), "class Wait { public static"
                + " void main(String[] a) throws Exception { System.out.println(\"ready\");"
                + " System.in.read(); } }");
        Files.setPosixFilePermissions(main, PosixFilePermissions.fromString("rw-r--r--"));
        try (TargetJvm victim = TargetJvm.start(Mode.PRELOADED)) {
            Jlp.ok("load", victim.pid(), Jars.patch("k1"));
            String socket = systemProperty(victim.pid(), CONTROL_PROPERTY);
            String version = systemProperty(victim.pid(), VERSION_PROPERTY);
            long mark = victim.eventMark();
            Process decoy = new ProcessBuilder(SETPRIV, "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups", Jars.java().toAbsolutePath().toString(),
                    "-D" + CONTROL_PROPERTY + "=" + socket, "-D" + VERSION_PROPERTY + "=" + version,
                    main.toString()).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(
                        decoy.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("ready", out.readLine(), "the JVM of nobody started");
                assertEquals("nobody", Files.getOwner(Path.of("/proc",
                        Long.toString(decoy.pid()))).getName());
                everyCommandExitsFiveSaying(decoy.pid(), "JVM " + decoy.pid() + " (user nobody)",
                        "process " + victim.pid() + " (user root)");
            } finally {
                decoy.destroy();
                assertTrue(decoy.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(List.of(), victim.eventsSince(mark), "root's JVM heard nothing");
            assertEquals(List.of("test_klp_livepatch"), victim.patchNames());
        } finally {
            Files.delete(main);
            Files.delete(dir);
        }
    }

    /** Runs status, load and disable on {@code decoy}: each exits 5 with both texts in stderr. */
    private static void everyCommandExitsFiveSaying(long decoy, String mismatch, String peer) {
        for (List<Object> command : List.of(List.<Object>of("status", decoy),
                List.<Object>of("load", decoy, Jars.patch("k2")),
                List.<Object>of("disable", decoy, "test_klp_livepatch"))) {
            Jlp.Result result = Jlp.run(command.toArray());
            assertEquals(5, result.exit(), result.describe());
            assertTrue(result.err().contains(mismatch) && result.err().contains(peer),
                    result.describe());
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
