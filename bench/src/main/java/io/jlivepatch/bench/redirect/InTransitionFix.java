package io.jlivepatch.bench.redirect;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;

/** The fix of {@link InTransition}, with the same body as {@link FixedCompiledIn#checksum}. */
@Patch("io.jlivepatch.bench.redirect.InTransition")
abstract class InTransitionFix {

    @Shadow private int seed;

    @Replace
    public int checksum(int[] data) {
        int h = seed;
        for (int i = 0; i < data.length; i++) {
            h = 31 * h + (data[i] ^ (data[i] >>> 7));
        }
        return h;
    }

    /** Unchanged but in the patch, so that a thread blocked in it holds the transition open. */
    @Replace
    public static void hold(java.util.concurrent.CountDownLatch entered,
            java.util.concurrent.CountDownLatch release) throws InterruptedException {
        entered.countDown();
        release.await();
    }
}
