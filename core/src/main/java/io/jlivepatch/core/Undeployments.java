package io.jlivepatch.core;

import io.jlivepatch.core.load.WebAppLoader;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * The kernel's module going for web applications: the class loaders of patched classes that a
 * servlet container made for a web application are watched, and when the container stops the
 * application and drops its loader, the engine hears of it while the loader's classes, the
 * patch's callbacks among them, still exist (see {@link WebAppLoader}).
 * Loaders of no known container go only when they are collected, without callbacks.
 *
 * <p>Thread safety: the watched loaders are a synchronized map with weak keys; nothing here
 * keeps a loader alive.
 */
final class Undeployments {

    private final Consumer<ClassLoader> going;
    private final Map<ClassLoader, Boolean> watched =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** @param going called with a web application's loader when its container dropped it */
    Undeployments(Consumer<ClassLoader> going) {
        this.going = going;
    }

    /**
     * Watches the loader of a patched class, once.
     *
     * @param loader a class loader that may go away
     */
    void watch(ClassLoader loader) {
        if (watched.putIfAbsent(loader, Boolean.TRUE) != null) {
            return;
        }
        WebAppLoader webApp = WebAppLoader.of(loader);
        if (webApp != null) {
            webApp.onStop(going);
        }
    }
}
