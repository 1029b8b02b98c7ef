package io.jlivepatch.it.patches.stacked;

import io.jlivepatch.api.LivePatch;

/** A second patch of the method K1 patches: the newest on the function stack wins. */
@LivePatch(name = "test_klp_stacked")
final class KlpStacked {
}
