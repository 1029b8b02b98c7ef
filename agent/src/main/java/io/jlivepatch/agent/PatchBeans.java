package io.jlivepatch.agent;

import io.jlivepatch.core.Engine;
import io.jlivepatch.core.mbean.PatchMXBean;
import io.jlivepatch.core.status.EngineStatus.PatchStatus;
import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Keeps one registered {@link PatchBean} per patch the engine holds, as sysfs keeps one
 * directory per patch: {@link #update} registers the new ones and unregisters the gone ones.
 *
 * <p>Thread safety: {@link #update} synchronises on this object.
 */
final class PatchBeans {

    private final MBeanServer server;
    private final Engine engine;
    private final Set<String> registered = new LinkedHashSet<>();

    PatchBeans(MBeanServer server, Engine engine) {
        this.server = server;
        this.engine = engine;
    }

    /** Brings the registered beans in line with the engine's patches. */
    synchronized void update() {
        Set<String> current = new LinkedHashSet<>();
        for (PatchStatus patch : engine.status().patches()) {
            current.add(patch.name());
        }
        for (String name : Set.copyOf(registered)) {
            if (!current.contains(name)) {
                change(name, false);
            }
        }
        for (String name : current) {
            if (!registered.contains(name)) {
                change(name, true);
            }
        }
    }

    private void change(String name, boolean register) {
        try {
            ObjectName objectName = objectName(name);
            if (register) {
                server.registerMBean(new PatchBean(engine, name), objectName);
                registered.add(name);
            } else {
                registered.remove(name);
                server.unregisterMBean(objectName);
            }
        } catch (JMException e) {
            System.getLogger(Agent.LOGGER_NAME).log(Level.ERROR, "cannot "
                    + (register ? "register" : "unregister") + " the MBean of patch '" + name
                    + "'", e);
        }
    }

    /**
     * @param name a patch name
     * @return {@code io.jlivepatch:type=Patch,name="NAME"}
     * @throws JMException never for a valid patch name
     */
    static ObjectName objectName(String name) throws JMException {
        return new ObjectName(PatchMXBean.OBJECT_NAME_PREFIX + ObjectName.quote(name));
    }
}
