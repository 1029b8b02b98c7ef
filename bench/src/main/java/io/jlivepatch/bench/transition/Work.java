package io.jlivepatch.bench.transition;

/** The target of the transition-cost scenario: a checksum with the bug, and a place to block. */
public class Work {

    private int seed = 17;

    /** @return a checksum of {@code data}; the same body as the redirect benchmark's */
    public int checksum(int[] data) {
        int h = seed;
        for (int i = 0; i < data.length; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }

    /**
     * Runs the call loop from inside a changed function: a thread in here is not switched until
     * it returns, and every checksum it calls meanwhile is a call by a not-yet-switched thread.
     */
    public static void hold(Work work, int[] data, Meter meter) {
        Loops.run(work, data, meter);
    }
}
