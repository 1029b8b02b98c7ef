package io.jlivepatch.it.app;

/**
 * A method a thread can be kept inside ({@link Hold}), to keep a transition open: the patches
 * {@code gate} and {@code gatevictim} change {@link #pass}, and say which version ran.
 */
public class Gate {

    /**
     * @param hold where to wait; {@link Hold#NONE} returns at once
     * @return which version of this method ran
     */
    public String pass(Hold hold) {
        hold.await();
        return "gate: original";
    }
}
