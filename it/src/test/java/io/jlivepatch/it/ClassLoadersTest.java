package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.SharedJvms;
import io.jlivepatch.it.harness.TargetJvm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Targets in class loaders other than the application's: the application defines
 * {@code PluginGreeter} from the plugin jar in two {@code URLClassLoader}s, named {@code plugin}
 * and {@code other}. A patch object applies to every loader that defines its class, or only to
 * those whose name matches its {@code loader} pattern; each (object, loader) pair has its own
 * function stack.
 */
class ClassLoadersTest {

    private static final String GREETER = "io.jlivepatch.it.plugin.PluginGreeter";

    @RegisterExtension
    final SharedJvms jvms = new SharedJvms();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void loaderPatternLimitsThePatchToMatchingLoaders(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("plugin"));
        assertEquals("plugin: patched in loader plugin", jvm.call("plugin"));
        assertEquals("plugin: original", jvm.call("other"));

        List<String> loaders = loaders(jvm, "plugin_fix");
        assertEquals(1, loaders.size(), "one object instance: " + loaders);
        assertTrue(loaders.get(0).contains("plugin"), "instance in loader 'plugin': " + loaders);

        jvm.disable("plugin_fix");
        assertEquals("plugin: original", jvm.call("plugin"));
        assertEquals("plugin: original", jvm.call("other"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void patchWithoutLoaderPatternAppliesInEveryLoader(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("pluginany"));
        assertEquals("plugin: patched in every loader", jvm.call("plugin"));
        assertEquals("plugin: patched in every loader", jvm.call("other"));

        List<String> loaders = loaders(jvm, "plugin_any_fix");
        assertEquals(2, loaders.size(), "one object instance per loader: " + loaders);
        assertTrue(loaders.stream().anyMatch(l -> l.contains("plugin")), loaders.toString());
        assertTrue(loaders.stream().anyMatch(l -> l.contains("other")), loaders.toString());

        jvm.disable("plugin_any_fix");
        assertEquals("plugin: original", jvm.call("plugin"));
        assertEquals("plugin: original", jvm.call("other"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void eachLoaderHasItsOwnFunctionStack(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("plugin"));
        jvm.load(Jars.patch("pluginany"));
        assertEquals("plugin: patched in every loader", jvm.call("plugin"));
        assertEquals("plugin: patched in every loader", jvm.call("other"));

        jvm.disable("plugin_any_fix");
        assertEquals("plugin: patched in loader plugin", jvm.call("plugin"));
        assertEquals("plugin: original", jvm.call("other"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void aLoaderCreatedAfterThePatchIsPatchedAndMayGoAwayAgain(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("pluginany"));
        long mark = jvm.eventMark();
        assertEquals("plugin: patched in every loader", jvm.newLoader("late"));
        assertEquals(3, loaders(jvm, "plugin_any_fix").size(), "plugin, other and late");
        assertEquals("collected", jvm.dropLoader("late"), "nothing of jlivepatch keeps it");
        String reverting = "livepatch: reverting patch 'plugin_any_fix' on unloading class '"
                + GREETER + "'";
        jvm.awaitEvent(reverting);
        assertEquals(List.of("livepatch: applying patch 'plugin_any_fix' to loading class '"
                + GREETER + "'", reverting), jvm.eventsSince(mark));
        assertEquals(2, loaders(jvm, "plugin_any_fix").size(), "plugin and other");
        jvm.disable("plugin_any_fix");
        assertEquals("plugin: original", jvm.call("plugin"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void aPatchForAClassNoLoaderDefinedIsLoadedAndShownWaiting(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("waiting"));
        Map<String, Object> object = jvm.patchObjects("waiting_for_class").get(0);
        assertEquals("io.jlivepatch.it.app.NoSuchClass", object.get("name"));
        assertEquals(Boolean.TRUE, object.get("waiting"), object.toString());
        String status = Jlp.ok("status", jvm.pid()).out();
        assertTrue(status.contains("io.jlivepatch.it.app.NoSuchClass not loaded yet: patched when"
                + " a class loader defines it"), status);
        jvm.disable("waiting_for_class");
    }

    /** The loaders of the patch's object instances of PluginGreeter, as the status names them. */
    private static List<String> loaders(TargetJvm jvm, String patch) {
        return jvm.patchObjects(patch).stream()
                .filter(o -> GREETER.equals(o.get("name")))
                .map(o -> String.valueOf(o.get("loader")))
                .toList();
    }
}
