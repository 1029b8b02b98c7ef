package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.ConsoleLoglevel;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel K18–K21: system states with callbacks, take-over, replace and refused downgrade. */
class StatesTest {

    private static final String STATE = "io.jlivepatch.core.fixture.patches.state.State";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EventLog events;
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        events = new EventLog(1000);
        engine = new Engine(SelfAgent.instrumentation(), events);
        ConsoleLoglevel.loglevel = 7;
    }

    @AfterEach
    void stop() throws Exception {
        for (EngineStatus.PatchStatus patch : engine.status().patches()) {
            engine.disable(patch.name());
            Scenario.awaitIdle(engine, WAIT);
        }
        engine.close();
    }

    private Path state(int n) throws Exception {
        return PatchJars.jar(dir, "state" + n + ".jar", STATE + n, STATE + n + "$Jvm");
    }

    private static List<String> enable(String p, String allocate, String fix) {
        return List.of("livepatch: enabling patch '" + p + "'",
                "livepatch: '" + p + "': initializing patching transition",
                p + ": pre_patch_callback: jvm",
                p + ": allocate_loglevel_state: " + allocate,
                "livepatch: '" + p + "': starting patching transition",
                "livepatch: '" + p + "': completing patching transition",
                p + ": post_patch_callback: jvm",
                p + ": fix_console_loglevel: " + fix,
                "livepatch: '" + p + "': patching complete");
    }

    private static List<String> disable(String p) {
        return List.of("livepatch: '" + p + "': initializing unpatching transition",
                p + ": pre_unpatch_callback: jvm",
                p + ": restore_console_loglevel: restoring console_loglevel",
                "livepatch: '" + p + "': starting unpatching transition",
                "livepatch: '" + p + "': completing unpatching transition",
                p + ": post_unpatch_callback: jvm",
                p + ": free_loglevel_state: freeing space for the stored console_loglevel",
                "livepatch: '" + p + "': unpatching complete");
    }

    private static final String ALLOCATING = "allocating space to store console_loglevel";
    private static final String ALLOCATED = "space to store console_loglevel already allocated";
    private static final String FIXING = "fixing console_loglevel";
    private static final String TAKING_OVER = "taking over the console_loglevel change";

    @Test
    void k18SystemStateModification() throws Exception {
        engine.load(state(1));
        assertEquals(ConsoleLoglevel.MOTORMOUTH, ConsoleLoglevel.loglevel);
        engine.disable("test-klp-state");
        assertEquals(7, ConsoleLoglevel.loglevel);
        assertEquals(Scenario.concat(enable("test-klp-state", ALLOCATING, FIXING),
                disable("test-klp-state")), Scenario.messages(events));
    }

    @Test
    void k19TakingOverSystemStateModification() throws Exception {
        engine.load(state(1));
        engine.load(state(2));
        engine.disable("test-klp-state2");
        assertEquals(7, ConsoleLoglevel.loglevel, "state2 restored what state1 changed");
        assertEquals(Scenario.concat(enable("test-klp-state", ALLOCATING, FIXING),
                enable("test-klp-state2", ALLOCATED, TAKING_OVER), disable("test-klp-state2")),
                Scenario.messages(events));
    }

    @Test
    void k20CompatibleCumulativeLivepatchesMayBeLoadedAgain() throws Exception {
        engine.load(state(2));
        engine.load(state(3));
        engine.load(state(2));
        engine.disable("test-klp-state2");
        assertEquals(7, ConsoleLoglevel.loglevel);
        assertEquals(Scenario.concat(enable("test-klp-state2", ALLOCATING, FIXING),
                enable("test-klp-state3", ALLOCATED, TAKING_OVER),
                enable("test-klp-state2", ALLOCATED, TAKING_OVER), disable("test-klp-state2")),
                Scenario.messages(events));
    }

    @Test
    void k21IncompatibleCumulativeLivepatchesAreRefusedBeforeAnythingElse() throws Exception {
        engine.load(state(2));
        PatchException refused = assertThrows(PatchException.class, () -> engine.load(state(1)));
        assertEquals(PatchException.Kind.INCOMPATIBLE, refused.kind());
        engine.disable("test-klp-state2");
        List<String> expected = new ArrayList<>(enable("test-klp-state2", ALLOCATING, FIXING));
        expected.add("livepatch: Livepatch patch (test-klp-state) is not compatible with the"
                + " already installed livepatches.");
        expected.addAll(disable("test-klp-state2"));
        assertEquals(expected, Scenario.messages(events));
    }
}
