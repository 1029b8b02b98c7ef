package io.jlivepatch.it.patches.refusepartial;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.Meminfo")
final class MeminfoPatch {

    private MeminfoPatch() {
    }

    @Replace
    public static String noSuchMethod() {
        return "never";
    }
}
