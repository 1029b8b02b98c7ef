package io.jlivepatch.bench.torture;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;
import java.util.concurrent.atomic.LongAdder;

/** Version 1 of {@link Chain}. */
@Patch("io.jlivepatch.bench.torture.Chain")
abstract class ChainFix1 {

    @Shadow public static LongAdder MIXED;

    @Replace
    public static int outer(int x) {
        return inner(1, x);
    }

    @Replace
    public static int spare(int x) {
        return x + 1;
    }

    @Replace
    public static int inner(int version, int x) {
        if (version != 1) {
            MIXED.increment();
        }
        return x == Integer.MIN_VALUE ? -1 : 1;
    }
}
