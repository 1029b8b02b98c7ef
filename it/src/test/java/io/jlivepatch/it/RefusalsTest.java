package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.SharedJvms;
import io.jlivepatch.it.harness.TargetJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every patch the engine must refuse, through {@code jlp load} (exit code 2, a reason naming what
 * is wrong), and in each case a JVM exactly as it was: every probe answers the same, the patch
 * list is the same, no patch MBean appeared, and the log holds at most one line, not a
 * transition.
 */
class RefusalsTest {

    @RegisterExtension
    final SharedJvms jvms = new SharedJvms();


    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void methodTheTargetDoesNotHaveIsRefused(Mode mode) {
        assertRefused(jvms.get(mode), Jars.patch("refusemissingmethod"), "refuse_missing_method",
                "noSuchMethod");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void methodWithAnotherDescriptorIsRefused(Mode mode) {
        assertRefused(jvms.get(mode), Jars.patch("refusewrongdescriptor"),
                "refuse_wrong_descriptor", "show", "(Ljava/lang/String;)Ljava/lang/String;");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void staticReplacementOfAnInstanceMethodIsRefused(Mode mode) {
        assertRefused(jvms.get(mode), Jars.patch("refusestaticmismatch"),
                "refuse_static_mismatch", "show");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void abstractMethodIsRefused(Mode mode) {
        assertRefused(jvms.get(mode), Jars.patch("refuseabstract"), "refuse_abstract",
                "area", "abstract");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void nativeMethodIsRefused(Mode mode) {
        assertRefused(jvms.get(mode), Jars.patch("refusenative"), "refuse_native",
                "nativeThing", "native");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void patchWithOneBadObjectChangesNothingAtAll(Mode mode) {
        // Its Cmdline.show replacement is fine; its Meminfo one names a missing method.
        assertRefused(jvms.get(mode), Jars.patch("refusepartial"), "refuse_partial",
                "noSuchMethod");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void jarWithoutLivePatchClassIsRefused(Mode mode) {
        assertRefused(jvms.get(mode), Jars.patch("refusenolivepatch"), null, "LivePatch");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void jarWithTwoLivePatchClassesIsRefused(Mode mode) {
        assertRefused(jvms.get(mode), Jars.patch("refusetwolivepatches"), null, "LivePatch");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void fileThatIsNotAJarIsRefused(Mode mode) {
        assertRefused(jvms.get(mode), Jars.notAJar(), null, "not-a-jar.jar");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void duplicateNameIsRefusedAndTheLoadedPatchStays(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("k1"));
        String patched = jvm.snapshot();
        assertNotEquals(jvm.baseline(), patched);

        // The same jar again; then another jar, another target, the same name.
        assertRefused(jvm, Jars.patch("k1"), null, "test_klp_livepatch");
        assertRefused(jvm, Jars.patch("refuseduplicate"), null, "test_klp_livepatch");
        assertEquals(List.of("test_klp_livepatch"), jvm.patchNames());
        jvm.awaitRegistration(TargetJvm.patchObjectName("test_klp_livepatch"), true);
        assertEquals(1, jvm.patchBean("test_klp_livepatch").getStackOrder());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void disabledPatchCannotBeEnabledAgainOnlyLoadedAgain(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("k1"));
        jvm.disable("test_klp_livepatch");
        // A disabled patch's MBean goes, as its sysfs directory does.
        jvm.awaitRegistration(TargetJvm.patchObjectName("test_klp_livepatch"), false);

        long mark = jvm.eventMark();
        PatchException refused = assertThrows(PatchException.class,
                () -> jvm.livePatch().enable("test_klp_livepatch"));
        assertTrue(refused.getMessage().contains("test_klp_livepatch"), refused.getMessage());
        assertEquals(jvm.baseline(), jvm.snapshot());
        assertEquals(List.of(), jvm.patchNames());
        assertNoTransitionLogged(jvm.eventsSince(mark));

        // The kernel's way back: load the module again.
        mark = jvm.eventMark();
        jvm.load(Jars.patch("k1"));
        assertEquals("test_klp_livepatch: this has been live patched", jvm.call("cmdline"));
        assertEquals(List.of(
                        "livepatch: enabling patch 'test_klp_livepatch'",
                        "livepatch: 'test_klp_livepatch': initializing patching transition",
                        "livepatch: 'test_klp_livepatch': starting patching transition",
                        "livepatch: 'test_klp_livepatch': completing patching transition",
                        "livepatch: 'test_klp_livepatch': patching complete"),
                jvm.eventsSince(mark));
    }

    /**
     * Runs {@code jlp load} and checks that it was refused and the JVM left as it was.
     *
     * @param jvm the target
     * @param jar the patch jar
     * @param name the patch's name, whose MBean must not appear; null if it has none of its own
     * @param mentions what the reason must name
     */
    static void assertRefused(TargetJvm jvm, Path jar, String name, String... mentions) {
        String before = jvm.snapshot();
        List<String> patchesBefore = jvm.patchNames();
        long mark = jvm.eventMark();

        Jlp.Result result = Jlp.run("load", jvm.pid(), jar);

        assertEquals(2, result.exit(), "exit code 2, patch refused: " + result.describe());
        for (String mention : mentions) {
            assertTrue(result.output().contains(mention),
                    "the reason names '" + mention + "': " + result.describe());
        }
        assertEquals(before, jvm.snapshot(), "every probe answers as before");
        assertEquals(patchesBefore, jvm.patchNames(), "the same patches are loaded");
        if (name != null) {
            assertFalse(jvm.isRegistered(TargetJvm.patchObjectName(name)),
                    "no MBean for the refused patch");
        }
        assertNoTransitionLogged(jvm.eventsSince(mark));
    }

    /** A refusal may log one error line; nothing that enables, transitions or completes. */
    static void assertNoTransitionLogged(List<String> events) {
        assertTrue(events.size() <= 1, "at most one line logged: " + events);
        for (String event : events) {
            assertFalse(event.contains("enabling patch") || event.contains("transition")
                    || event.contains("complete"), "no life-cycle step logged: " + events);
        }
    }
}
