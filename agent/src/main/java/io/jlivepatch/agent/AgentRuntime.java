package io.jlivepatch.agent;

import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import java.lang.System.Logger.Level;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The running agent, at most one per JVM: the engine and its MBeans. {@link Agent} starts it by
 * name once the boot jar is on the bootstrap class path.
 *
 * <p>Thread safety: {@link #start} synchronises on the class.
 */
final class AgentRuntime {

    /** Events kept for {@code jlp log} and JMX; older ones are dropped. */
    private static final int EVENT_CAPACITY = 1000;

    private static Engine engine;

    private AgentRuntime() {
    }

    /**
     * Creates the engine and registers the MBeans, unless a previous start did.
     *
     * @param args the agent arguments, or null
     * @param inst the JVM's instrumentation
     * @throws JMException if the MBeans cannot be registered
     */
    static synchronized void start(String args, Instrumentation inst) throws JMException {
        System.Logger logger = System.getLogger(Agent.LOGGER_NAME);
        for (String warning : AgentArguments.warnings(args)) {
            logger.log(Level.WARNING, warning);
        }
        if (engine != null) {
            return;
        }
        Engine started = new Engine(inst, new EventLog(EVENT_CAPACITY));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.registerMBean(new LivePatchBean(started),
                    new ObjectName(LivePatchMXBean.OBJECT_NAME));
        } catch (JMException | RuntimeException e) {
            started.close();
            throw e;
        }
        PatchBeans patchBeans = new PatchBeans(server, started);
        started.addChangeListener(patchBeans::update);
        engine = started;
        System.setProperty(Agent.VERSION_PROPERTY, Engine.version());
        logger.log(Level.DEBUG, "jlivepatch agent " + Engine.version() + " started");
    }
}
