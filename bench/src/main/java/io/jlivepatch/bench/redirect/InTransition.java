package io.jlivepatch.bench.redirect;

/**
 * A copy of the benchmark's target method with the bug, patched by a transition that a thread in
 * {@link #hold} keeps open.
 * Every copy has the same body, so that each benchmark differs from another only in what the
 * engine did to its class.
 */
public class InTransition {

    private int seed = 17;

    /** @return a checksum of {@code data}: the bug is that it ignores the high bits' spread */
    public int checksum(int[] data) {
        int h = seed;
        for (int i = 0; i < data.length; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }

    /**
     * Blocks until {@code release} is released: a thread in here keeps the patch's transition
     * open, because this method is in the transition set.
     */
    public static void hold(java.util.concurrent.CountDownLatch entered,
            java.util.concurrent.CountDownLatch release) throws InterruptedException {
        entered.countDown();
        release.await();
    }
}
