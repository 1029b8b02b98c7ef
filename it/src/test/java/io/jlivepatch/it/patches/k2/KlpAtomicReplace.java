package io.jlivepatch.it.patches.k2;

import io.jlivepatch.api.LivePatch;

/** The kernel's {@code test_klp_atomic_replace} loaded with {@code replace=0}. */
@LivePatch(name = "test_klp_atomic_replace", replace = false)
final class KlpAtomicReplace {
}
