package io.jlivepatch.it.patches.k1;

import io.jlivepatch.api.LivePatch;

/** The kernel's {@code test_klp_livepatch}. */
@LivePatch(name = "test_klp_livepatch", description = "K1: patches Cmdline.show")
final class KlpLivepatch {
}
