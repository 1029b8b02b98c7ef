package io.jlivepatch.it.patches.pluginany;

import io.jlivepatch.api.LivePatch;

/** Patches PluginGreeter in every class loader that defines it. */
@LivePatch(name = "plugin_any_fix")
final class PluginAnyFix {
}
