package io.jlivepatch.it.patches.gate;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.it.app.Hold;

@Patch("io.jlivepatch.it.app.Gate")
class GatePatch {

    @Replace
    public String pass(Hold hold) {
        hold.await();
        return "gate: test_klp_gate";
    }
}
