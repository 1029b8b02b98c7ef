package io.jlivepatch.it.patches.refusenative;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.NativeHolder")
class NativeHolderPatch {

    @Replace
    public int nativeThing() {
        return 42;
    }
}
