package io.jlivepatch.it.patches.gate;

import io.jlivepatch.api.LivePatch;

/** Changes Gate.pass, where the application can hold a thread: transitions that stall. */
@LivePatch(name = "test_klp_gate", description = "Gate.pass, for stalled transitions")
final class KlpGate {
}
