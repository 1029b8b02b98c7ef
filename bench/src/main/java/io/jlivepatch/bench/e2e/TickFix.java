package io.jlivepatch.bench.e2e;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

/** The fix of {@link TickApp#tick}. */
@Patch("io.jlivepatch.bench.e2e.TickApp")
final class TickFix {

    @Replace
    static long tick(long i) {
        return i;
    }
}
