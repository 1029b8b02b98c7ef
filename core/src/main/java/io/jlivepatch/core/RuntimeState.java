package io.jlivepatch.core;

import io.jlivepatch.api.SystemState;
import io.jlivepatch.core.model.StateSpec;

/** A patch's system state at run time: the declared id and version and the callbacks' data. */
final class RuntimeState implements SystemState {

    private final StateSpec spec;
    private volatile Object data;

    RuntimeState(StateSpec spec) {
        this.spec = spec;
    }

    @Override
    public long id() {
        return spec.id();
    }

    @Override
    public int version() {
        return spec.version();
    }

    @Override
    public Object data() {
        return data;
    }

    @Override
    public void setData(Object data) {
        this.data = data;
    }

    @Override
    public String toString() {
        return "state " + spec.id() + " version " + spec.version();
    }
}
