package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.BesideJvm;
import io.jlivepatch.it.harness.BesideJvm.Order;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Beside other Java agents (the kernel's K22-K26, livepatch beside ftrace and kprobes): the real
 * OpenTelemetry Java agent traces {@code Svc.work} and the tests' own Byte Buddy agent wraps it
 * with advice; a patch of {@code Svc.work} runs inside both, whichever order the agents came in,
 * survives the Byte Buddy agent adding and removing its advice, and leaves the class byte for
 * byte as the other agents make it once disabled.
 */
class BesideOtherAgentsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Order.class)
    void otherAgentsKeepInstrumentingAPatchedMethod(Order order) {
        try (BesideJvm jvm = BesideJvm.start(order, true)) {
            assertEquals("done", jvm.agent("advise"));
            assertEquals("returned 4", jvm.work(2));
            assertEquals("enter 2, exit 4", jvm.agent("log"));
            assertEquals(1, jvm.awaitSpans(1), jvm.log());
            String unpatched = jvm.agent("bytes");

            Jlp.Result load = Jlp.ok("load", jvm.pid(), Jars.patch("beside"));
            assertEquals("returned 6", jvm.work(2), load.describe());
            assertEquals("threw patched: negative -1", jvm.work(-1));
            assertEquals("enter 2, exit 6, enter -1, exit threw patched: negative -1",
                    jvm.agent("log"), "the advice sees the patched call, result and exception");
            assertEquals(3, jvm.awaitSpans(3), "a span for each patched call:\n" + jvm.log());

            assertEquals("done", jvm.agent("unadvise"));
            assertEquals("returned 9", jvm.awaitAdvice(3, false),
                    "the patch survives the advice's removal");
            assertEquals("done", jvm.agent("advise"));
            assertEquals("returned 9", jvm.awaitAdvice(3, true), "the patch survives new advice");
            assertEquals(jvm.calls(), jvm.awaitSpans(jvm.calls()), "a span for every call");

            String status = Jlp.ok("status", jvm.pid()).out();
            if (order != Order.PRELOADED_FIRST) {
                assertTrue(status.contains("also instrumented by another agent"), status);
            }
            String before = order == Order.PRELOADED_FIRST ? "after" : "before";
            for (Path agent : List.of(Jars.openTelemetryAgent(), Jars.adviceAgent())) {
                assertTrue(status.contains("   " + agent.getFileName() + ": runs " + before
                        + " jlivepatch"), "the other agents named, in their order: " + status);
            }
            assertEquals(List.of(Map.of("jar", Jars.openTelemetryAgent().getFileName()
                    .toString(), "beforeJlivepatch", order != Order.PRELOADED_FIRST),
                    Map.of("jar", Jars.adviceAgent().getFileName().toString(),
                            "beforeJlivepatch", order != Order.PRELOADED_FIRST)),
                    Jlp.ok("status", jvm.pid(), "--json").json().get("otherAgents"));

            Jlp.ok("disable", jvm.pid(), "beside");
            assertEquals("returned 4", jvm.work(2));
            assertEquals("enter 2, exit 4", jvm.agent("log"));
            assertEquals(jvm.calls(), jvm.awaitSpans(jvm.calls()), jvm.log());
            assertEquals(unpatched, jvm.agent("bytes"),
                    "disabled, the class is what the other agents make of it without jlivepatch");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Order.class)
    void adviceAddedAfterThePatchWrapsIt(Order order) {
        try (BesideJvm jvm = BesideJvm.start(order, false)) {
            assertEquals("returned 4", jvm.work(2));
            String unpatched = jvm.agent("bytes");
            Jlp.ok("load", jvm.pid(), Jars.patch("beside"));
            assertEquals("returned 6", jvm.work(2));
            assertEquals("done", jvm.agent("advise"));
            assertEquals("returned 6", jvm.awaitAdvice(2, true));
            assertEquals("done", jvm.agent("unadvise"));
            assertEquals("returned 6", jvm.awaitAdvice(2, false));
            Jlp.ok("disable", jvm.pid(), "beside");
            assertEquals("returned 4", jvm.work(2));
            assertEquals("", jvm.agent("log"));
            assertEquals(unpatched, jvm.agent("bytes"));
        }
    }

    /**
     * A class another agent instrumented as it was loaded, then redefined (HotSwap), while
     * jlivepatch runs: never reverted. JDK 17 starts every retransformation from the class as
     * loaded, so jlivepatch refuses it; JDK 25 starts from the redefinition, which jlivepatch
     * then patches beneath the other agents.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Order.class, names = {"PRELOADED_FIRST", "PRELOADED_LAST"})
    void aHotSwappedClassInstrumentedByAnotherAgentIsNeverReverted(Order order) {
        try (BesideJvm jvm = BesideJvm.start(order, true)) {
            assertEquals("done", jvm.agent("advise"));
            assertEquals("done", jvm.agent("hotswap"));
            assertEquals("returned 7", jvm.work(2));
            Jlp.Result load = Jlp.run("load", jvm.pid(), Jars.patch("beside"));
            if (Jars.javaFeatureVersion() < 25) {
                assertNotEquals(0, load.exit(), load.describe());
                assertTrue(load.output().contains("HotSwap"), load.describe());
                assertEquals("returned 7", jvm.work(2), "the other change is not reverted");
                assertEquals("enter 2, exit 7, enter 2, exit 7", jvm.agent("log"));
            } else {
                assertEquals(0, load.exit(), load.describe());
                assertEquals("returned 6", jvm.work(2));
                assertEquals("enter 2, exit 7, enter 2, exit 6", jvm.agent("log"));
                Jlp.ok("disable", jvm.pid(), "beside");
                assertEquals("returned 7", jvm.work(2), "disabled, the HotSwapped code runs");
            }
            assertEquals(jvm.calls(), jvm.awaitSpans(jvm.calls()), jvm.log());
        }
    }

    @Test
    void aHotSwappedClassWithoutAgentAheadIsPatchedOnTopOfWhatRuns() {
        try (BesideJvm jvm = BesideJvm.start(Order.ATTACHED, false)) {
            assertEquals("done", jvm.agent("hotswap"));
            assertEquals("returned 7", jvm.work(2));
            Jlp.ok("load", jvm.pid(), Jars.patch("beside"));
            assertEquals("returned 6", jvm.work(2));
            Jlp.ok("disable", jvm.pid(), "beside");
            assertEquals("returned 7", jvm.work(2), "disabled, the HotSwapped code runs again");
        }
    }
}
