package io.jlivepatch.agent;

import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.PatchException;
import java.lang.System.Logger.Level;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
    /** How long each startup patch's transition may take before the next one is loaded. */
    private static final Duration STARTUP_TRANSITION_WAIT = Duration.ofSeconds(10);

    private static Engine engine;

    private AgentRuntime() {
    }

    /**
     * Creates the engine and registers the MBeans, unless a previous start did, then loads the
     * patches of {@code patches=DIR} if given.
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
        if (engine == null) {
            engine = startEngine(inst, logger);
        }
        Optional<Path> patches = AgentArguments.patchesDirectory(args);
        if (patches.isPresent()) {
            loadPatches(engine, patches.get(), logger);
        }
    }

    /**
     * Loads the patches of {@code patches=DIR}, before the application's classes load when the
     * agent is preloaded; a refused jar is reported in the event log and the JVM starts anyway.
     */
    private static void loadPatches(Engine engine, Path directory, System.Logger logger) {
        try {
            engine.loadDirectory(directory, STARTUP_TRANSITION_WAIT);
        } catch (PatchException e) {
            logger.log(Level.ERROR, e.getMessage());
        }
    }

    private static Engine startEngine(Instrumentation inst, System.Logger logger)
            throws JMException {
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
        System.setProperty(Agent.VERSION_PROPERTY, Engine.version());
        logger.log(Level.DEBUG, "jlivepatch agent " + Engine.version() + " started");
        return started;
    }
}
