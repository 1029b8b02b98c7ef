package io.jlivepatch.it.plugin;

import java.util.function.Supplier;

/**
 * A class that lives only in the plugin jar: the target application defines it in two class
 * loaders of its own, named {@code plugin} and {@code other}.
 */
public class PluginGreeter implements Supplier<String> {

    @Override
    public String get() {
        return "plugin: original";
    }
}
