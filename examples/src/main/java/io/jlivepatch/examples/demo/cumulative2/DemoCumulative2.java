package io.jlivepatch.examples.demo.cumulative2;

import io.jlivepatch.api.LivePatch;

/**
 * The patch {@code demo-cumulative-2}: everything {@code demo-cumulative-1} does, and the VAT
 * fix of {@code demo-fix2}. Loading it replaces {@code demo-cumulative-1} in one transition; the
 * budget spent so far carries over, because both use the same shadow variable.
 */
@LivePatch(name = "demo-cumulative-2", replace = true,
        description = "Billing: discount within budget, and VAT to the cent")
final class DemoCumulative2 {
}
