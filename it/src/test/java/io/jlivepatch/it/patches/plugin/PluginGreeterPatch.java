package io.jlivepatch.it.patches.plugin;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch(value = "io.jlivepatch.it.plugin.PluginGreeter", loader = "plugin")
class PluginGreeterPatch {

    @Replace
    public String get() {
        return "plugin: patched in loader plugin";
    }
}
