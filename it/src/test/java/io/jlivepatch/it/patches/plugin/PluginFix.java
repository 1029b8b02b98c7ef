package io.jlivepatch.it.patches.plugin;

import io.jlivepatch.api.LivePatch;

/** Patches PluginGreeter only in the class loader named {@code plugin}. */
@LivePatch(name = "plugin_fix")
final class PluginFix {
}
