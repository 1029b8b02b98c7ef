package io.jlivepatch.bench.transition;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;

/** The fix of {@link Work#checksum}; {@code hold} is in the patch only to be in its set. */
@Patch("io.jlivepatch.bench.transition.Work")
abstract class WorkFix {

    @Shadow private int seed;

    @Replace
    public int checksum(int[] data) {
        int h = seed;
        for (int i = 0; i < data.length; i++) {
            h = 31 * h + (data[i] ^ (data[i] >>> 7));
        }
        return h;
    }

    @Replace
    public static void hold(Work work, int[] data, Meter meter) {
        Loops.run(work, data, meter);
    }
}
