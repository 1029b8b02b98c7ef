package io.jlivepatch.bench;

import java.util.Arrays;

/** Order statistics of a sample, the way every scenario reports them. */
public final class Stats {

    private Stats() {
    }

    /** @return the median (the mean of the middle two for an even count); NaN if empty */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** @return the largest value; NaN if empty */
    public static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /**
     * @param sorted values in ascending order
     * @param p a percentile, 0 to 100
     * @return the nearest-rank percentile; NaN if empty
     */
    public static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
