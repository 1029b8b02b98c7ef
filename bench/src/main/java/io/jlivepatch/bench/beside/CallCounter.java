package io.jlivepatch.bench.beside;

/** What the other agent's advice does: counts entries and exits, as a metrics agent would. */
public final class CallCounter {

    private static long entries;
    private static long exits;

    private CallCounter() {
    }

    /** Entry advice. */
    public static void enter() {
        entries++;
    }

    /** Exit advice. */
    public static void exit() {
        exits++;
    }

    /** @return how many calls entered */
    public static long entries() {
        return entries;
    }

    /** @return entries minus exits: 0 when every call that entered left through the advice */
    public static long open() {
        return entries - exits;
    }
}
