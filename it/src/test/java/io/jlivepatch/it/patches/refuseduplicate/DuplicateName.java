package io.jlivepatch.it.patches.refuseduplicate;

import io.jlivepatch.api.LivePatch;

/** Takes the name of K1's patch, with another target: refused while K1's patch is loaded. */
@LivePatch(name = "test_klp_livepatch")
final class DuplicateName {
}
