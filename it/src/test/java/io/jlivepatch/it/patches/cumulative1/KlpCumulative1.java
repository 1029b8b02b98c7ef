package io.jlivepatch.it.patches.cumulative1;

import io.jlivepatch.api.LivePatch;

/**
 * The kernel's {@code test_klp_atomic_replace} loaded with {@code replace=1}: a cumulative patch
 * that changes Meminfo.show only, so every other function of the patches it replaces runs its
 * original code again.
 */
@LivePatch(name = "test_klp_cumulative_1", replace = true,
        description = "K3: cumulative patch of Meminfo.show")
final class KlpCumulative1 {
}
