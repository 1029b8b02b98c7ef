package io.jlivepatch.it.patches.refuseabstract;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.Shape")
class ShapePatch {

    @Replace
    public String area() {
        return "never";
    }
}
