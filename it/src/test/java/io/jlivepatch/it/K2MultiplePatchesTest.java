package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.SharedJvms;
import io.jlivepatch.it.harness.TargetJvm;
import io.jlivepatch.it.harness.Transcript;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * K2, "multiple livepatches" (test-livepatch.sh): two patches on different methods coexist and
 * either may be disabled first; and two patches on the same method, where the newest on the
 * function stack wins and disabling either leaves the other's replacement running.
 */
class K2MultiplePatchesTest {

    @RegisterExtension
    final SharedJvms jvms = new SharedJvms();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void multipleLivepatchesDisabledNewestFirst(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        Transcript t = new Transcript(jvm);
        t.load("k1");
        t.call("cmdline", "meminfo");
        t.load("k2");
        t.call("cmdline", "meminfo");
        t.disable("test_klp_atomic_replace");
        t.call("cmdline", "meminfo");
        t.disable("test_klp_livepatch");
        t.call("cmdline", "meminfo");

        assertEquals("""
                % jlp load k1.jar
                livepatch: enabling patch 'test_klp_livepatch'
                livepatch: 'test_klp_livepatch': initializing patching transition
                livepatch: 'test_klp_livepatch': starting patching transition
                livepatch: 'test_klp_livepatch': completing patching transition
                livepatch: 'test_klp_livepatch': patching complete
                test_klp_livepatch: this has been live patched
                meminfo: original
                % jlp load k2.jar
                livepatch: enabling patch 'test_klp_atomic_replace'
                livepatch: 'test_klp_atomic_replace': initializing patching transition
                livepatch: 'test_klp_atomic_replace': starting patching transition
                livepatch: 'test_klp_atomic_replace': completing patching transition
                livepatch: 'test_klp_atomic_replace': patching complete
                test_klp_livepatch: this has been live patched
                test_klp_atomic_replace: this has been live patched
                % jlp disable test_klp_atomic_replace
                livepatch: 'test_klp_atomic_replace': initializing unpatching transition
                livepatch: 'test_klp_atomic_replace': starting unpatching transition
                livepatch: 'test_klp_atomic_replace': completing unpatching transition
                livepatch: 'test_klp_atomic_replace': unpatching complete
                test_klp_livepatch: this has been live patched
                meminfo: original
                % jlp disable test_klp_livepatch
                livepatch: 'test_klp_livepatch': initializing unpatching transition
                livepatch: 'test_klp_livepatch': starting unpatching transition
                livepatch: 'test_klp_livepatch': completing unpatching transition
                livepatch: 'test_klp_livepatch': unpatching complete
                cmdline: original
                meminfo: original
                """, t.text());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void multipleLivepatchesDisabledOldestFirst(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        Transcript t = new Transcript(jvm);
        t.load("k1");
        t.load("k2");
        t.call("cmdline", "meminfo");
        t.disable("test_klp_livepatch");
        t.call("cmdline", "meminfo");
        t.disable("test_klp_atomic_replace");
        t.call("cmdline", "meminfo");

        assertEquals("""
                % jlp load k1.jar
                livepatch: enabling patch 'test_klp_livepatch'
                livepatch: 'test_klp_livepatch': initializing patching transition
                livepatch: 'test_klp_livepatch': starting patching transition
                livepatch: 'test_klp_livepatch': completing patching transition
                livepatch: 'test_klp_livepatch': patching complete
                % jlp load k2.jar
                livepatch: enabling patch 'test_klp_atomic_replace'
                livepatch: 'test_klp_atomic_replace': initializing patching transition
                livepatch: 'test_klp_atomic_replace': starting patching transition
                livepatch: 'test_klp_atomic_replace': completing patching transition
                livepatch: 'test_klp_atomic_replace': patching complete
                test_klp_livepatch: this has been live patched
                test_klp_atomic_replace: this has been live patched
                % jlp disable test_klp_livepatch
                livepatch: 'test_klp_livepatch': initializing unpatching transition
                livepatch: 'test_klp_livepatch': starting unpatching transition
                livepatch: 'test_klp_livepatch': completing unpatching transition
                livepatch: 'test_klp_livepatch': unpatching complete
                cmdline: original
                test_klp_atomic_replace: this has been live patched
                % jlp disable test_klp_atomic_replace
                livepatch: 'test_klp_atomic_replace': initializing unpatching transition
                livepatch: 'test_klp_atomic_replace': starting unpatching transition
                livepatch: 'test_klp_atomic_replace': completing unpatching transition
                livepatch: 'test_klp_atomic_replace': unpatching complete
                cmdline: original
                meminfo: original
                """, t.text());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void newestPatchOfAMethodWinsAndTheOlderRunsWhenItGoes(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("k1"));
        Transcript t = new Transcript(jvm);
        t.call("cmdline");
        t.load("stacked");
        t.call("cmdline");
        t.disable("test_klp_stacked");
        t.call("cmdline");
        t.disable("test_klp_livepatch");
        t.call("cmdline");

        assertEquals("""
                test_klp_livepatch: this has been live patched
                % jlp load stacked.jar
                livepatch: enabling patch 'test_klp_stacked'
                livepatch: 'test_klp_stacked': initializing patching transition
                livepatch: 'test_klp_stacked': starting patching transition
                livepatch: 'test_klp_stacked': completing patching transition
                livepatch: 'test_klp_stacked': patching complete
                test_klp_stacked: this has been live patched
                % jlp disable test_klp_stacked
                livepatch: 'test_klp_stacked': initializing unpatching transition
                livepatch: 'test_klp_stacked': starting unpatching transition
                livepatch: 'test_klp_stacked': completing unpatching transition
                livepatch: 'test_klp_stacked': unpatching complete
                test_klp_livepatch: this has been live patched
                % jlp disable test_klp_livepatch
                livepatch: 'test_klp_livepatch': initializing unpatching transition
                livepatch: 'test_klp_livepatch': starting unpatching transition
                livepatch: 'test_klp_livepatch': completing unpatching transition
                livepatch: 'test_klp_livepatch': unpatching complete
                cmdline: original
                """, t.text());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void disablingTheOlderPatchOfAMethodLeavesTheNewestRunning(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("k1"));
        jvm.load(Jars.patch("stacked"));
        Transcript t = new Transcript(jvm);
        t.call("cmdline");
        t.disable("test_klp_livepatch");
        t.call("cmdline");
        t.disable("test_klp_stacked");
        t.call("cmdline");

        assertEquals("""
                test_klp_stacked: this has been live patched
                % jlp disable test_klp_livepatch
                livepatch: 'test_klp_livepatch': initializing unpatching transition
                livepatch: 'test_klp_livepatch': starting unpatching transition
                livepatch: 'test_klp_livepatch': completing unpatching transition
                livepatch: 'test_klp_livepatch': unpatching complete
                test_klp_stacked: this has been live patched
                % jlp disable test_klp_stacked
                livepatch: 'test_klp_stacked': initializing unpatching transition
                livepatch: 'test_klp_stacked': starting unpatching transition
                livepatch: 'test_klp_stacked': completing unpatching transition
                livepatch: 'test_klp_stacked': unpatching complete
                cmdline: original
                """, t.text());
    }
}
