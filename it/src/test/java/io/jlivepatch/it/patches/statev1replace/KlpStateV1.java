package io.jlivepatch.it.patches.statev1replace;

import io.jlivepatch.api.LivePatch;
import io.jlivepatch.api.State;

/**
 * A cumulative patch with an older version of system state 1: it may not replace a patch with
 * version 2 (the kernel's downgrade refused, K21).
 */
@LivePatch(name = "test_klp_state_v1", replace = true, states = @State(id = 1, version = 1))
final class KlpStateV1 {
}
