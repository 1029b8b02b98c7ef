package io.jlivepatch.it.patches.pluginany;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.plugin.PluginGreeter")
class PluginGreeterPatch {

    @Replace
    public String get() {
        return "plugin: patched in every loader";
    }
}
