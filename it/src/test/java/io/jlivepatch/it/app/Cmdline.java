package io.jlivepatch.it.app;

/** The counterpart of the kernel's {@code cmdline_proc_show}: an instance method K1 patches. */
public class Cmdline {

    /** @return the text the kernel self-tests read from /proc/cmdline */
    public String show() {
        return "cmdline: original";
    }
}
