package io.jlivepatch.it.app;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Class loaders the test creates and drops while the JVM runs (the kernel tests' modules loaded
 * and unloaded): each defines its own {@code PluginGreeter} from the plugin jar.
 */
final class LateLoaders {

    private static final long DROP_MILLIS = 20_000;

    private final Path pluginJar;
    private final Map<String, Supplier<String>> greeters = new HashMap<>();

    LateLoaders(Path pluginJar) {
        this.pluginJar = pluginJar;
    }

    /** {@code newloader NAME}: defines and initialises PluginGreeter in a new loader, calls it. */
    String create(String name) throws Exception {
        Supplier<String> greeter = greeter(name);
        greeters.put(name, greeter);
        return "= " + greeter.get();
    }

    /** {@code callloader NAME}: calls the greeter of a loader made by {@link #create}. */
    String call(String name) {
        Supplier<String> greeter = greeters.get(name);
        return greeter == null ? "! no loader " + name : "= " + greeter.get();
    }

    /** {@code droploader NAME}: forgets a loader and waits until the collector has taken it. */
    String drop(String name) throws InterruptedException {
        Supplier<String> greeter = greeters.remove(name);
        if (greeter == null) {
            return "! no loader " + name;
        }
        WeakReference<ClassLoader> loader =
                new WeakReference<>(greeter.getClass().getClassLoader());
        greeter = null;
        long deadline = System.currentTimeMillis() + DROP_MILLIS;
        while (loader.get() != null && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        return loader.get() == null ? "= collected" : "! still reachable: " + name;
    }

    /** @return a PluginGreeter of its own loader named {@code loaderName} */
    @SuppressWarnings("unchecked")
    Supplier<String> greeter(String loaderName) throws Exception {
        URLClassLoader loader = new URLClassLoader(loaderName,
                new URL[] {pluginJar.toUri().toURL()}, TargetApp.class.getClassLoader());
        return (Supplier<String>) loader.loadClass("io.jlivepatch.it.plugin.PluginGreeter")
                .getDeclaredConstructor().newInstance();
    }
}
