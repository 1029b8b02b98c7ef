package io.jlivepatch.it.patches.gatevictim;

import io.jlivepatch.api.LivePatch;

/**
 * Changes Gate.pass, like {@code gate}, under a name of its own: the test that forces its
 * replacement marks it forced, and the shared JVM then refuses it for good.
 */
@LivePatch(name = "test_klp_gate_forced", description = "Gate.pass, replaced by force")
final class KlpGateForced {
}
