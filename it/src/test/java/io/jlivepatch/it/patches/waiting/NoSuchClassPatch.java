package io.jlivepatch.it.patches.waiting;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.NoSuchClass")
class NoSuchClassPatch {

    @Replace
    public String show() {
        return "never";
    }
}
