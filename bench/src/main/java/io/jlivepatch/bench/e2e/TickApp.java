package io.jlivepatch.bench.e2e;

/**
 * The target JVM of the end-to-end scenario: calls {@link #tick} every millisecond, forever.
 * Prints {@code ready} once running, so the scenario knows when to attach.
 */
public final class TickApp {

    private static volatile long sink;

    private TickApp() {
    }

    /** Runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        for (long i = 0; ; i++) {
            sink += tick(i);
            Thread.sleep(1);
        }
    }

    /** @return the value of tick {@code i}: the bug is that it is off by one */
    static long tick(long i) {
        return i + 1;
    }
}
