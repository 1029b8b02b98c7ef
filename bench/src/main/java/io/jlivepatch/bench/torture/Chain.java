package io.jlivepatch.bench.torture;

import java.util.concurrent.atomic.LongAdder;

/**
 * Functions whose versions must match: {@link #outer} passes its version to {@link #inner},
 * which counts a mixed execution when the version is not its own. Every fix replaces both with
 * its own version number.
 */
public final class Chain {

    public static final LongAdder MIXED = new LongAdder();

    private Chain() {
    }

    /** @return the version that ran */
    public static int outer(int x) {
        return inner(0, x);
    }

    /** Replaced by fixes 1 and 2 only: the replace patch (fix 3) gives it a nop. */
    public static int spare(int x) {
        return x;
    }

    /** @return the version that ran */
    public static int inner(int version, int x) {
        if (version != 0) {
            MIXED.increment();
        }
        return x == Integer.MIN_VALUE ? -1 : 0;
    }
}
