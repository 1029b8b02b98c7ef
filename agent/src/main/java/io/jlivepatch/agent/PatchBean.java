package io.jlivepatch.agent;

import io.jlivepatch.core.Engine;
import io.jlivepatch.core.mbean.PatchMXBean;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus.FunctionStatus;
import io.jlivepatch.core.status.EngineStatus.ObjectStatus;
import io.jlivepatch.core.status.EngineStatus.PatchStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * One patch's JMX face ({@code io.jlivepatch:type=Patch,name=NAME}): every attribute is read
 * from a fresh engine status, so it never shows a stale state.
 */
final class PatchBean implements PatchMXBean {

    private final Engine engine;
    private final String name;

    PatchBean(Engine engine, String name) {
        this.engine = engine;
        this.name = name;
    }

    private PatchStatus status() {
        return engine.status().patches().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("patch '" + name
                        + "' is no longer loaded"));
    }

    @Override
    public boolean isEnabled() {
        return status().enabled();
    }

    /**
     * JMX setters cannot throw {@link PatchException}: a refusal becomes an
     * {@link IllegalStateException} with the engine's message.
     */
    @Override
    public void setEnabled(boolean enabled) {
        try {
            if (enabled) {
                engine.enable(name);
            } else {
                engine.disable(name);
            }
        } catch (PatchException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @Override
    public boolean isTransition() {
        return status().transition();
    }

    @Override
    public boolean isReplace() {
        return status().replace();
    }

    @Override
    public int getStackOrder() {
        return status().stackOrder();
    }

    @Override
    public String getDescription() {
        return status().description();
    }

    @Override
    public String getSource() {
        return status().source();
    }

    @Override
    public String[] getObjects() {
        return objectLines(status()).toArray(String[]::new);
    }

    @Override
    public String[] getFunctions() {
        return functionLines(status()).toArray(String[]::new);
    }

    /** @return {@code "com.acme.X [loader] patched=true"} per object instance */
    static List<String> objectLines(PatchStatus patch) {
        List<String> lines = new ArrayList<>();
        for (ObjectStatus o : patch.objects()) {
            lines.add(o.name() + " [" + o.loader() + "] patched=" + o.patched());
        }
        return lines;
    }

    /** @return {@code "com.acme.X.m(I)V [loader] patched=true transition=false"} per function */
    static List<String> functionLines(PatchStatus patch) {
        List<String> lines = new ArrayList<>();
        for (ObjectStatus o : patch.objects()) {
            for (FunctionStatus f : o.functions()) {
                lines.add(o.name() + "." + f.name() + f.descriptor() + " [" + o.loader()
                        + "] patched=" + f.patched() + " transition=" + f.transition());
            }
        }
        return lines;
    }
}
