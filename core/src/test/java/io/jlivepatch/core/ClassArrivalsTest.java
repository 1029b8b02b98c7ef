package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.CallbackControl;
import io.jlivepatch.core.fixture.Pair;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.PluginLoader;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import io.jlivepatch.dispatch.Dispatch;
import java.nio.file.Path;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel scenarios K7, K9, K10, K12 and K14 for classes that arrive after their patch: a "module"
 * is {@code Plugin} defined in a class loader named {@code plugin-N} that the test creates.
 */
class ClassArrivalsTest {

    private static final String DEMO = "io.jlivepatch.core.fixture.patches.arrivals.ArrivalsDemo";
    private static final String P = "arrivals-demo";
    private static final String PLUGIN = "io.jlivepatch.core.fixture.Plugin";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EventLog events;
    private Engine engine;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<PluginLoader> loaders = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        events = new EventLog(1000);
        engine = new Engine(SelfAgent.instrumentation(), events);
        CallbackControl.prePatchReturn = 0;
        CallbackControl.clearTrace();
        Pair.gate = new CountDownLatch(1);
        Pair.entered = new CountDownLatch(1);
    }

    @AfterEach
    void stop() throws Exception {
        Pair.gate.countDown();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        Scenario.awaitIdle(engine, WAIT);
        for (EngineStatus.PatchStatus patch : engine.status().patches()) {
            engine.disable(patch.name());
            Scenario.awaitIdle(engine, WAIT);
        }
        engine.close();
        List<WeakReference<PluginLoader>> dropped = new ArrayList<>();
        loaders.forEach(l -> dropped.add(new WeakReference<>(l)));
        loaders.clear();
        for (WeakReference<PluginLoader> loader : dropped) {
            Scenario.awaitCollected(loader, WAIT);
        }
    }

    private PluginLoader plugin(String loaderName) {
        PluginLoader loader = new PluginLoader(loaderName, PLUGIN);
        loaders.add(loader);
        return loader;
    }

    private Path demo() throws Exception {
        return PatchJars.jar(dir, "demo.jar", DEMO, DEMO + "$Jvm", DEMO + "$PairPatch",
                DEMO + "$PluginPatch", DEMO + "$BarePatch");
    }

    private static String lp(String text) {
        return "livepatch: '" + P + "': " + text;
    }

    private static List<String> callback(String kind, String object) {
        return List.of(P + ": " + kind + "_callback: " + object);
    }

    private static List<String> arrival() {
        return List.of("livepatch: applying patch '" + P + "' to loading class '" + PLUGIN + "'");
    }

    private static List<String> enableBlock() {
        return Scenario.concat(List.of("livepatch: enabling patch '" + P + "'",
                lp("initializing patching transition")), callback("pre_patch", "jvm"),
                List.of(lp("starting patching transition"), lp("completing patching transition")),
                callback("post_patch", "jvm"), List.of(lp("patching complete")));
    }

    @Test
    void k7AClassDefinedLaterIsPatchedBeforeItsInitialiserRuns() throws Throwable {
        engine.load(demo());
        PluginLoader plugin = plugin("plugin-1");
        assertEquals("plugin v1", plugin.call("version"));
        engine.disable(P);
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("plugin v0", plugin.call("version"), "the original runs again");
        assertEquals(Scenario.concat(enableBlock(), arrival(), callback("pre_patch", PLUGIN),
                callback("post_patch", PLUGIN), List.of(lp("initializing unpatching transition")),
                callback("pre_unpatch", "jvm"), callback("pre_unpatch", PLUGIN),
                List.of(lp("starting unpatching transition"),
                        lp("completing unpatching transition")),
                callback("post_unpatch", "jvm"), callback("post_unpatch", PLUGIN),
                List.of(lp("unpatching complete"))), Scenario.messages(events));
        assertEquals(List.of("pre_patch jvm", "post_patch jvm", "pre_patch " + PLUGIN,
                "post_patch " + PLUGIN, "Plugin init", "pre_unpatch jvm", "pre_unpatch " + PLUGIN,
                "post_unpatch jvm", "post_unpatch " + PLUGIN), CallbackControl.traced());
        assertEquals(0, Dispatch.registeredCount(), "no woven method left behind");
    }

    @Test
    void k10AnObjectWhoseClassNeverLoadsGetsNoCallbacks() throws Exception {
        engine.load(demo());
        engine.disable(P);
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(Scenario.concat(enableBlock(),
                List.of(lp("initializing unpatching transition")), callback("pre_unpatch", "jvm"),
                List.of(lp("starting unpatching transition"),
                        lp("completing unpatching transition")),
                callback("post_unpatch", "jvm"), List.of(lp("unpatching complete"))),
                Scenario.messages(events));
    }

    @Test
    void k9APatchedClassWhoseLoaderGoesAwayIsRevertedAndKeepsNothingAlive() throws Throwable {
        engine.load(demo());
        PluginLoader plugin = plugin("plugin-1");
        assertEquals("plugin v1", plugin.call("version"));
        PluginLoader bound = plugin("plugin-2");
        bound.call("version");
        WeakReference<PluginLoader> gone = new WeakReference<>(plugin);
        loaders.remove(plugin);
        plugin = null;
        Scenario.awaitCollected(gone, WAIT);
        String reverting = "livepatch: reverting patch '" + P + "' on unloading class '" + PLUGIN
                + "'";
        Scenario.awaitEvent(events, reverting, WAIT);
        assertEquals("plugin v1", bound.call("version"), "the other loader's class stays patched");
        engine.disable(P);
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(Scenario.concat(enableBlock(), arrival(), callback("pre_patch", PLUGIN),
                callback("post_patch", PLUGIN), arrival(), callback("pre_patch", PLUGIN),
                callback("post_patch", PLUGIN), List.of(reverting),
                List.of(lp("initializing unpatching transition")),
                callback("pre_unpatch", "jvm"), callback("pre_unpatch", PLUGIN),
                List.of(lp("starting unpatching transition"),
                        lp("completing unpatching transition")),
                callback("post_unpatch", "jvm"), callback("post_unpatch", PLUGIN),
                List.of(lp("unpatching complete"))), Scenario.messages(events));
    }

    @Test
    void aLoaderWhosePatchedClassWasBoundAtLoadGoesAwayToo() throws Throwable {
        PluginLoader plugin = plugin("plugin-1");
        assertEquals("plugin v0", plugin.call("version"));
        engine.load(demo());
        assertEquals("plugin v1", plugin.call("version"));
        WeakReference<PluginLoader> gone = new WeakReference<>(plugin);
        loaders.remove(plugin);
        plugin = null;
        Scenario.awaitCollected(gone, WAIT);
        Scenario.awaitEvent(events, "livepatch: reverting patch '" + P + "' on unloading class '"
                + PLUGIN + "'", WAIT);
        EngineStatus.ObjectStatus waiting = engine.status().patches().get(0).objects().stream()
                .filter(o -> o.name().equals(PLUGIN)).findFirst().orElseThrow();
        assertTrue(waiting.waiting(), "waits for the next loader: " + waiting);
    }

    @Test
    void aClassWithoutStaticInitialiserIsPatchedAndRestoredToo() throws Throwable {
        engine.load(demo());
        PluginLoader bare = new PluginLoader("plugin-1", "io.jlivepatch.core.fixture.Bare");
        loaders.add(bare);
        assertEquals("bare v1", bare.call("version"));
        engine.disable(P);
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("bare v0", bare.call("version"),
                "unwoven; it keeps the empty initialiser the hook needed");
        assertEquals(0, Dispatch.registeredCount());
    }

    @Test
    void twoLoadersOfTheSameClassArePatchedIndependently() throws Throwable {
        PluginLoader before = plugin("plugin-1");
        assertEquals("plugin v0", before.call("version"));
        PluginLoader other = plugin("other");
        engine.load(demo());
        PluginLoader after = plugin("plugin-2");
        assertEquals("plugin v1", before.call("version"), "bound at load");
        assertEquals("plugin v1", after.call("version"), "patched as it initialised");
        assertEquals("plugin v0", other.call("version"), "its loader's name does not match");
        EngineStatus.PatchStatus status = engine.status().patches().get(0);
        assertEquals(2, status.objects().stream().filter(o -> o.name().equals(PLUGIN)).count(),
                status.toString());
    }

    @Test
    void k12AFailingPrePatchRefusesTheClassAndLeavesThePatchEnabled() throws Throwable {
        engine.load(demo());
        CallbackControl.prePatchReturn = -19;
        PluginLoader plugin = plugin("plugin-1");
        LinkageError e = assertThrows(LinkageError.class, () -> plugin.call("version"));
        assertTrue(e.getMessage().contains("patch '" + P + "' refused class " + PLUGIN),
                e.getMessage());
        assertThrows(NoClassDefFoundError.class, () -> plugin.call("version"),
                "the class stays unusable in that loader");
        assertEquals(Scenario.concat(enableBlock(), arrival(), callback("pre_patch", PLUGIN),
                List.of("livepatch: pre-patch callback failed for object '" + PLUGIN + "'",
                        "livepatch: patch '" + P + "' failed for class '" + PLUGIN
                                + "', refusing to load class '" + PLUGIN + "'")),
                Scenario.messages(events));
        assertTrue(engine.status().patches().get(0).enabled());
        assertEquals(List.of("pre_patch jvm", "post_patch jvm", "pre_patch " + PLUGIN),
                CallbackControl.traced(), "its initialiser never ran");
    }

    @Test
    void k14AClassArrivingDuringTheTransitionGetsNoPostPatchUntilCompletion() throws Throwable {
        Future<Integer> blocked = pool.submit(Pair::block);
        assertTrue(Pair.entered.await(10, TimeUnit.SECONDS));
        engine.load(demo());
        PluginLoader plugin = plugin("plugin-1");
        assertEquals("plugin v1", plugin.call("version"), "every thread runs the top of its stack");
        engine.disable(P);
        Pair.gate.countDown();
        assertEquals(0, blocked.get(10, TimeUnit.SECONDS));
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("plugin v0", plugin.call("version"));
        assertEquals(Scenario.concat(List.of("livepatch: enabling patch '" + P + "'",
                lp("initializing patching transition")), callback("pre_patch", "jvm"),
                List.of(lp("starting patching transition")), arrival(),
                callback("pre_patch", PLUGIN),
                List.of(lp("reversing transition from patching to unpatching"),
                        lp("starting unpatching transition"),
                        lp("completing unpatching transition")),
                callback("post_unpatch", "jvm"), callback("post_unpatch", PLUGIN),
                List.of(lp("unpatching complete"))), Scenario.messages(events));
        assertEquals(0, Dispatch.registeredCount(), "no woven method left behind");
    }
}
