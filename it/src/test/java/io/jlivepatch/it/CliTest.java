package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.client.Json;
import io.jlivepatch.core.mbean.PatchMXBean;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.SharedJvms;
import io.jlivepatch.it.harness.TargetJvm;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code jlp} commands and their exit codes (0 ok, 1 usage or other, 2 patch refused,
 * 5 cannot attach), {@code status --json} field by field, and the patch MBean, the sysfs
 * directory of a patch.
 */
class CliTest {

    /** A process id above Linux's largest pid_max: no process has it. */
    private static final long NO_SUCH_PID = 999_999_999L;

    @RegisterExtension
    final SharedJvms jvms = new SharedJvms();

    @Test
    void versionPrintsTheProjectVersion() {
        Jlp.Result result = Jlp.ok("--version");
        assertTrue(result.out().contains(System.getProperty("jlp.it.version", "")),
                result.describe());
        assertFalse(result.out().isBlank(), result.describe());
    }

    @Test
    void infoDescribesAPatchJarWithoutAJvm() {
        Jlp.Result result = Jlp.ok("info", Jars.patch("k1"));
        for (String expected : List.of("test_klp_livepatch", "K1: patches Cmdline.show",
                "io.jlivepatch.it.app.Cmdline", "show")) {
            assertTrue(result.out().contains(expected), "names " + expected + ": "
                    + result.describe());
        }

        Jlp.Result plugin = Jlp.ok("info", Jars.patch("plugin"));
        for (String expected : List.of("plugin_fix", "io.jlivepatch.it.plugin.PluginGreeter",
                "get", "plugin")) {
            assertTrue(plugin.out().contains(expected), "names " + expected + ": "
                    + plugin.describe());
        }
    }

    @Test
    void infoOfAJarWithoutLivePatchFailsWithAReason() {
        Jlp.Result result = Jlp.run("info", Jars.patch("refusenolivepatch"));
        assertNotEquals(0, result.exit(), result.describe());
        assertTrue(result.output().contains("LivePatch"), result.describe());
    }

    @Test
    void usageErrorsExitWith1() {
        Jlp.Result unknown = Jlp.run("no-such-command");
        assertEquals(1, unknown.exit(), unknown.describe());
        Jlp.Result missingArguments = Jlp.run("load");
        assertEquals(1, missingArguments.exit(), missingArguments.describe());
        Jlp.Result badTimeout = Jlp.run("load", NO_SUCH_PID, Jars.patch("k1"), "--timeout",
                "soon");
        assertEquals(1, badTimeout.exit(), badTimeout.describe());
    }

    @Test
    void processThatCannotBeAttachedExitsWith5() {
        Jlp.Result status = Jlp.run("status", NO_SUCH_PID);
        assertEquals(5, status.exit(), status.describe());
        Jlp.Result load = Jlp.run("load", NO_SUCH_PID, Jars.patch("k1"));
        assertEquals(5, load.exit(), load.describe());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void psListsTheTargetJvm(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        Jlp.Result ps = Jlp.ok("ps");
        assertTrue(ps.outLines().stream().anyMatch(line -> Arrays.asList(line.trim().split("\\s+"))
                .contains(Long.toString(jvm.pid()))), "a line for " + jvm.pid() + ": "
                + ps.describe());
    }

    @Test
    @SuppressWarnings("unchecked")
    void psShowsTheSystemPropertiesAskedFor() {
        TargetJvm jvm = jvms.get(Mode.ATTACHED);
        Jlp.Result ps = Jlp.ok("ps", "--json", "--property", "java.class.path", "--property",
                "no.such.property");
        Map<String, Object> listed = ((List<Map<String, Object>>) ((Map<String, Object>) Json
                .read(ps.out().trim())).get("jvms")).stream()
                .filter(j -> ((Number) j.get("pid")).longValue() == jvm.pid()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + jvm.pid() + ": " + ps.describe()));
        Map<String, Object> properties = (Map<String, Object>) listed.get("properties");
        assertEquals(Jars.app().toString(), properties.get("java.class.path"), ps.describe());
        assertTrue(properties.containsKey("no.such.property"), ps.describe());
        assertNull(properties.get("no.such.property"), ps.describe());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @SuppressWarnings("unchecked")
    void statusJsonDescribesPatchesObjectsAndFunctions(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        Jlp.ok("load", jvm.pid(), Jars.patch("k1"));
        Jlp.ok("load", jvm.pid(), Jars.patch("k2"), "--timeout", "30s");

        Jlp.Result result = Jlp.ok("status", jvm.pid(), "--json");
        Map<String, Object> status = (Map<String, Object>) Json.read(result.out().trim());
        assertEquals(jvm.pid(), ((Number) status.get("pid")).longValue(), result.describe());
        assertTrue(status.containsKey("transition"), result.describe());
        assertNull(status.get("transition"), result.describe());
        List<Object> patches = (List<Object>) status.get("patches");
        assertEquals(2, patches.size(), result.describe());
        assertPatch((Map<String, Object>) patches.get(0), "test_klp_livepatch", 1,
                "io.jlivepatch.it.app.Cmdline", result);
        assertPatch((Map<String, Object>) patches.get(1), "test_klp_atomic_replace", 2,
                "io.jlivepatch.it.app.Meminfo", result);

        // Disabling the older patch renumbers the stack.
        Jlp.ok("disable", jvm.pid(), "test_klp_livepatch");
        Jlp.Result after = Jlp.ok("status", jvm.pid(), "--json");
        Map<String, Object> afterStatus = (Map<String, Object>) Json.read(after.out().trim());
        List<Object> left = (List<Object>) afterStatus.get("patches");
        assertEquals(1, left.size(), after.describe());
        assertPatch((Map<String, Object>) left.get(0), "test_klp_atomic_replace", 1,
                "io.jlivepatch.it.app.Meminfo", after);

        Jlp.ok("disable", jvm.pid(), "test_klp_atomic_replace");
        Jlp.Result empty = Jlp.ok("status", jvm.pid(), "--json");
        Map<String, Object> emptyStatus = (Map<String, Object>) Json.read(empty.out().trim());
        assertEquals(List.of(), emptyStatus.get("patches"), empty.describe());
        assertNull(emptyStatus.get("transition"), empty.describe());
    }

    @SuppressWarnings("unchecked")
    private static void assertPatch(Map<String, Object> patch, String name, int stackOrder,
            String target, Jlp.Result result) {
        String where = name + " in " + result.describe();
        assertEquals(name, patch.get("name"), where);
        assertEquals(Boolean.TRUE, patch.get("enabled"), where);
        assertEquals(Boolean.FALSE, patch.get("transition"), where);
        assertEquals(Boolean.FALSE, patch.get("replace"), where);
        assertEquals(stackOrder, ((Number) patch.get("stackOrder")).intValue(), where);
        List<Object> objects = (List<Object>) patch.get("objects");
        assertEquals(1, objects.size(), where);
        Map<String, Object> object = (Map<String, Object>) objects.get(0);
        assertEquals(target, object.get("name"), where);
        assertTrue(object.get("loader") instanceof String, "a loader: " + where);
        assertEquals(Boolean.TRUE, object.get("patched"), where);
        List<Object> functions = (List<Object>) object.get("functions");
        assertEquals(1, functions.size(), where);
        Map<String, Object> function = (Map<String, Object>) functions.get(0);
        assertEquals("show", function.get("name"), where);
        assertEquals("()Ljava/lang/String;", function.get("descriptor"), where);
        assertEquals(Boolean.TRUE, function.get("patched"), where);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void statusForPeopleNamesPatchesAndTargets(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        Jlp.ok("load", jvm.pid(), Jars.patch("k1"));
        Jlp.Result status = Jlp.ok("status", jvm.pid());
        for (String expected : List.of("test_klp_livepatch", "io.jlivepatch.it.app.Cmdline",
                "show")) {
            assertTrue(status.out().contains(expected), "names " + expected + ": "
                    + status.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void disableOfAnUnknownPatchFailsAndChangesNothing(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("k1"));
        String before = jvm.snapshot();
        long mark = jvm.eventMark();

        Jlp.Result result = Jlp.run("disable", jvm.pid(), "no_such_patch");
        assertNotEquals(0, result.exit(), result.describe());
        assertTrue(result.output().contains("no_such_patch"), result.describe());
        assertEquals(before, jvm.snapshot());
        assertEquals(List.of("test_klp_livepatch"), jvm.patchNames());
        RefusalsTest.assertNoTransitionLogged(jvm.eventsSince(mark));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void loadOfAMissingFileFailsAndChangesNothing(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        String missing = Jars.workDir().resolve("no-such-patch.jar").toString();
        Jlp.Result result = Jlp.run("load", jvm.pid(), missing);
        assertTrue(result.exit() == 1 || result.exit() == 2, "exit 1 or 2: " + result.describe());
        assertTrue(result.output().contains("no-such-patch.jar"), result.describe());
        assertEquals(jvm.baseline(), jvm.snapshot());
        assertEquals(List.of(), jvm.patchNames());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void patchMBeanIsTheSysfsDirectoryOfAPatch(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("k1"));
        assertEquals("", jvm.livePatch().getTransition());
        assertEquals(List.of("test_klp_livepatch"),
                Arrays.asList(jvm.livePatch().getPatchNames()));

        jvm.awaitRegistration(TargetJvm.patchObjectName("test_klp_livepatch"), true);
        PatchMXBean patch = jvm.patchBean("test_klp_livepatch");
        assertTrue(patch.isEnabled());
        assertFalse(patch.isTransition());
        assertFalse(patch.isReplace());
        assertEquals(1, patch.getStackOrder());
        assertEquals("K1: patches Cmdline.show", patch.getDescription());
        assertTrue(patch.getSource().contains("k1.jar"), patch.getSource());
        String objects = String.join("\n", patch.getObjects());
        assertTrue(objects.contains("io.jlivepatch.it.app.Cmdline")
                && objects.contains("patched=true"), objects);
        String functions = String.join("\n", patch.getFunctions());
        assertTrue(functions.contains("io.jlivepatch.it.app.Cmdline.show()Ljava/lang/String;")
                && functions.contains("patched=true"), functions);

        // echo 0 > /sys/kernel/livepatch/test_klp_livepatch/enabled
        long mark = jvm.eventMark();
        patch.setEnabled(false);
        jvm.awaitNoTransition();
        assertEquals(List.of(
                        "livepatch: 'test_klp_livepatch': initializing unpatching transition",
                        "livepatch: 'test_klp_livepatch': starting unpatching transition",
                        "livepatch: 'test_klp_livepatch': completing unpatching transition",
                        "livepatch: 'test_klp_livepatch': unpatching complete"),
                jvm.eventsSince(mark));
        assertEquals("cmdline: original", jvm.call("cmdline"));
        jvm.awaitRegistration(TargetJvm.patchObjectName("test_klp_livepatch"), false);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void agentReportsTheVersionOfJlpJar(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("k1"));
        String version = jvm.livePatch().getVersion();
        assertTrue(Jlp.ok("--version").out().contains(version), version);
    }
}
