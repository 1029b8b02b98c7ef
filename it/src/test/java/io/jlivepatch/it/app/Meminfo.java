package io.jlivepatch.it.app;

/** The counterpart of the kernel's {@code meminfo_proc_show}: a static method K2 patches. */
public final class Meminfo {

    private Meminfo() {
    }

    /** @return the text the kernel self-tests read from /proc/meminfo */
    public static String show() {
        return "meminfo: original";
    }
}
