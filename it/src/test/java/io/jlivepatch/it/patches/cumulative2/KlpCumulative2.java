package io.jlivepatch.it.patches.cumulative2;

import io.jlivepatch.api.LivePatch;

/** The next cumulative patch: Meminfo.show and Cmdline.show; cumulative1 downgrades it. */
@LivePatch(name = "test_klp_cumulative_2", replace = true,
        description = "cumulative patch of Meminfo.show and Cmdline.show")
final class KlpCumulative2 {
}
