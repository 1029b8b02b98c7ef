package io.jlivepatch.it.patches.statev2;

import io.jlivepatch.api.LivePatch;
import io.jlivepatch.api.State;

/** A patch that modifies system state 1 in its version 2 (the kernel's test_klp_state2). */
@LivePatch(name = "test_klp_state_v2", states = @State(id = 1, version = 2))
final class KlpStateV2 {
}
