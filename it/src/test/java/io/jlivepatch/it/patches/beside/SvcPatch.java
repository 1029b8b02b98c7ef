package io.jlivepatch.it.patches.beside;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.beside.app.Svc")
class SvcPatch {

    @Replace
    public int work(int n) {
        if (n < 0) {
            throw new IllegalStateException("patched: negative " + n);
        }
        return n * 3;
    }
}
