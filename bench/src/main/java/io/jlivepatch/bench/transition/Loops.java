package io.jlivepatch.bench.transition;

/**
 * The measuring loop, in a class no patch touches, so that its compiled code survives the
 * retransformation of {@link Work} (only the inlined checksum is recompiled).
 */
public final class Loops {

    /** Calls between two reports to the meter: its cost is spread thin. */
    static final int BATCH = 1024;

    private Loops() {
    }

    /** Calls {@code work.checksum(data)} until the meter says stop. */
    public static void run(Work work, int[] data, Meter meter) {
        int sink = 0;
        do {
            for (int i = 0; i < BATCH; i++) {
                sink += work.checksum(data);
            }
        } while (meter.report(BATCH, sink));
    }
}
