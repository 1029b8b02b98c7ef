package io.jlivepatch.api;

/**
 * One patch's view of a system state at run time: its id and version, and a data slot for the
 * callbacks (the kernel's {@code klp_state.data}). The slot is safe to read and write from any
 * thread.
 */
public interface SystemState {

    /** @return the state id */
    long id();

    /** @return the version the patch declares */
    int version();

    /** @return the data the callbacks keep for this state, or {@code null} */
    Object data();

    /** @param data the data to keep for this state */
    void setData(Object data);
}
