package io.jlivepatch.bench.beside;

/**
 * The redirect benchmark's patched method, in a class that another agent's advice wraps, patched
 * by {@link AdvisedPatchedFix}.
 */
public class AdvisedPatched {

    private int seed = 17;

    /** @return a checksum of {@code data}: the bug is that it ignores the high bits' spread */
    public int checksum(int[] data) {
        int h = seed;
        for (int i = 0; i < data.length; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }
}
