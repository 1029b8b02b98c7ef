package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Counter;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import io.jlivepatch.dispatch.Dispatch;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Constructor bodies replaced after their super(...) call. */
class ConstructorTest {

    private static final String FIX = "io.jlivepatch.core.fixture.patches.ctor.CounterFix";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(100));
    }

    @AfterEach
    void stop() throws Exception {
        Scenario.awaitIdle(engine, WAIT);
        engine.close();
    }

    @Test
    void aConstructorBodyIsReplacedAfterItsSuperCallAndRestoredOnDisable() throws Exception {
        assertEquals("c-5/plain/counter", new Counter(-5).label());
        engine.load(PatchJars.jar(dir, "fix.jar", FIX, FIX + "$CounterPatch"));
        Scenario.awaitIdle(engine, WAIT);
        Counter fixed = new Counter(-5);
        assertEquals(0, fixed.start());
        assertEquals("fixed0/plain/counter", fixed.label(),
                "super(...) and the field the replacement leaves alone kept their values");
        assertEquals("fixed7/plain/counter", new Counter().label(), "reached through this(7)");
        engine.disable("counter-fix");
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("c-5/plain/counter", new Counter(-5).label());
        assertEquals(0, Dispatch.registeredCount());
    }

    @Test
    void aConstructorReplacementAssignsTheFinalFieldsOfItsTarget() throws Exception {
        engine.load(PatchJars.jar(dir, "final.jar", FIX + "$Final", FIX + "$FinalPatch"));
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("null/patched x/counter", new Counter("x").label(),
                "the replacement runs instead of the field initialisers too");
        assertEquals("c3/patched plain/counter", new Counter(3).label(), "through this(...)");
        engine.disable("counter-final");
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("c3/plain/counter", new Counter(3).label());
    }

    @Test
    void aConstructorReplacementThatLeavesAFinalFieldUnassignedIsRefused() throws Exception {
        PatchException e = assertThrows(PatchException.class, () -> engine.load(
                PatchJars.jar(dir, "unassigned.jar", FIX + "$Unassigned",
                        FIX + "$UnassignedPatch")));
        assertTrue(e.getMessage().contains("constructor <init>(Ljava/lang/String;)V of"
                + " io.jlivepatch.core.fixture.Counter (loader app) assigns final field(s) [kind],"
                + " which its replacement does not"), e.getMessage());
        assertEquals("c3/plain/counter", new Counter(3).label());
        assertEquals(0, Dispatch.registeredCount());
    }

    @Test
    void aConstructorWhoseSuperCallChangedIsReplacedWholeInsideTheClassItself() throws Exception {
        Counter before = new Counter(-5);
        engine.load(PatchJars.jar(dir, "whole.jar", FIX + "$Whole", FIX + "$WholePatch"));
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("w/X/whole x", new Counter("x").label(),
                "the new super(...) argument, and the final field assigned by the new body");
        Counter after = new Counter(-5);
        assertEquals(0, after.start());
        assertEquals("w0/NEGATIVE/whole negative", after.label(),
                "this(...) with a new argument, reaching the other whole body");
        assertEquals("w7/PLAIN/whole plain", new Counter().label(),
                "an unchanged constructor that delegates to a replaced one");
        assertEquals("c-5/plain/counter", before.label(), "objects built before keep theirs");
        engine.disable("counter-whole");
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("c-5/plain/counter", new Counter(-5).label());
        assertEquals("w0/NEGATIVE/whole negative", after.label());
        assertEquals(0, Dispatch.registeredCount());
        engine.load(PatchJars.jar(dir, "whole-again.jar", FIX + "$Whole", FIX + "$WholePatch"));
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("w3/PLAIN/whole plain", new Counter(3).label(), "loaded again");
        engine.disable("counter-whole");
    }

    @Test
    void aWholeConstructorThatCallsAHelperOfThePatchClassIsRefused() throws Exception {
        PatchException e = assertThrows(PatchException.class, () -> engine.load(
                PatchJars.jar(dir, "helper.jar", FIX + "$WholeHelper",
                        FIX + "$WholeHelperPatch")));
        assertTrue(e.getMessage().contains("constructor <init>(Ljava/lang/String;)V of"
                + " io.jlivepatch.core.fixture.Counter (loader app) is replaced whole, inside the"
                + " class's own constructor, and its code uses"
                + " [decorate(Ljava/lang/String;)Ljava/lang/String;], which the running class"
                + " does not declare"), e.getMessage());
        assertEquals("c3/plain/counter", new Counter(3).label());
        assertEquals(0, Dispatch.registeredCount());
    }

    @Test
    void aConstructorIsNotReplacedWholeWhileAnotherPatchReplacesItAfterItsSuperCall()
            throws Exception {
        engine.load(PatchJars.jar(dir, "fix.jar", FIX, FIX + "$CounterPatch"));
        Scenario.awaitIdle(engine, WAIT);
        PatchException e = assertThrows(PatchException.class, () -> engine.load(PatchJars.jar(dir,
                "whole.jar", FIX + "$Whole", FIX + "$WholePatch")));
        assertTrue(e.getMessage().contains("io.jlivepatch.core.fixture.Counter.<init>: an enabled"
                + " patch replaces this constructor after its super(...) call and this one whole"),
                e.getMessage());
        assertEquals("fixed0/plain/counter", new Counter(-5).label());
        engine.disable("counter-fix");
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(0, Dispatch.registeredCount());
    }
}
