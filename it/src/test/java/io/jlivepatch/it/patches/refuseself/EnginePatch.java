package io.jlivepatch.it.patches.refuseself;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

/** Targets the engine itself. */
@Patch("io.jlivepatch.core.Engine")
final class EnginePatch {

    @Replace
    public static String version() {
        return "patched";
    }
}
