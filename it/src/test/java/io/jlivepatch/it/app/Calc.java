package io.jlivepatch.it.app;

/**
 * Static and instance methods of several shapes: an overload pair that only a descriptor tells
 * apart, wide parameters (long, double) that take two slots, and a void method.
 */
public class Calc {

    private final int factor;
    private int total;

    /** @param factor what {@link #scale} multiplies by */
    public Calc(int factor) {
        this.factor = factor;
    }

    /** @return a + b */
    public static int add(int a, int b) {
        return a + b;
    }

    /** @return a + b; the overload no patch touches */
    public static long add(long a, long b) {
        return a + b;
    }

    /** @return the three arguments, formatted */
    public static String mix(long a, double b, int c) {
        return "mix " + a + " " + b + " " + c;
    }

    /** @return x times the factor */
    public int scale(int x) {
        return x * factor;
    }

    /** Adds x to the total. */
    public void accumulate(int x) {
        total += x;
    }

    /** @return the total */
    public int total() {
        return total;
    }
}
