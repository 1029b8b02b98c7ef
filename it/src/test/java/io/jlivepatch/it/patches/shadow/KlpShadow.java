package io.jlivepatch.it.patches.shadow;

import io.jlivepatch.api.LivePatch;

/** Attaches a shadow variable to the Cmdline object it runs on. */
@LivePatch(name = "test_klp_shadow")
final class KlpShadow {
}
