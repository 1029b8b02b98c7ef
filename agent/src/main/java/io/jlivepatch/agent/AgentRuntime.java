package io.jlivepatch.agent;

import io.jlivepatch.agent.control.ControlServer;
import io.jlivepatch.core.CallbackDeadline;
import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus.PatchStatus;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** The requester of the patches of {@code patches=DIR}, in the audit trail. */
    private static final String STARTUP = "startup (patches=DIR)";

    private static Engine engine;
    private static AuditTrail audit;

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
        AgentArguments.callbackTimeout(args).ifPresent(timeout -> System.setProperty(
                CallbackDeadline.PROPERTY, timeout));
        if (engine == null) {
            audit = new AuditTrail(AgentArguments.auditFile(args).orElse(null), logger);
            engine = startEngine(inst, logger, AgentArguments.controlChannel(args),
                    signers(args, logger), audit);
        }
        Optional<Path> patches = AgentArguments.patchesDirectory(args);
        if (patches.isPresent()) {
            loadPatches(engine, patches.get(), logger);
        }
    }

    /**
     * Loads the patches of {@code patches=DIR}, before the application's classes load when the
     * agent is preloaded; a refused jar is reported in the event log and the JVM starts anyway.
     * Each loaded patch is audited with the jar it was read from and that jar's SHA-256, as the
     * engine holds them; a patch that a later jar of the directory replaced at once is audited
     * with the directory only.
     */
    private static void loadPatches(Engine engine, Path directory, System.Logger logger) {
        try {
            List<String> loaded = engine.loadDirectory(directory, STARTUP_TRANSITION_WAIT);
            Map<String, PatchStatus> held = new HashMap<>();
            engine.status().patches().forEach(p -> held.put(p.name(), p));
            Requester.as(STARTUP, () -> {
                for (String name : loaded) {
                    PatchStatus patch = held.get(name);
                    audit.record("load", name, patch == null ? directory.toString()
                            : patch.source(), patch == null || patch.sha256().isEmpty() ? null
                            : patch.sha256(), "ok");
                }
                return null;
            });
        } catch (PatchException e) {
            logger.log(Level.ERROR, e.getMessage());
        }
    }

    /**
     * Creates the engine, its control channel and its MBeans. With the channel open, the MBeans
     * are registered on a thread of their own: creating the platform MBean server takes longer
     * than the rest of the agent's start (about 130 ms of a first {@code jlp load}), and
     * {@code jlp} does not need it; JMX clients see the beans a moment later. Without the
     * channel, {@code jlp} goes over JMX, so the beans are registered before this returns.
     */
    private static Engine startEngine(Instrumentation inst, System.Logger logger,
            boolean controlChannel, TrustCheck trust, AuditTrail audit) throws JMException {
        EventLog events = new EventLog(EVENT_CAPACITY);
        Engine started = new Engine(inst, events);
        started.setJarCheck(trust);
        LivePatchBean bean = new LivePatchBean(started, trust, audit, new TargetSearch(inst));
        if (LivePatchRecording.available()) {
            events.addListener(LivePatchRecording::logged);
            events.addListener(new StallReports(bean::latestStatus)::logged);
        }
        if (controlChannel && startControlChannel(started, events, bean, logger)) {
            Thread registering = new Thread(() -> {
                try {
                    registerBeans(started, bean);
                } catch (JMException | RuntimeException e) {
                    logger.log(Level.ERROR, "jlivepatch MBeans not registered; jlp still works"
                            + " over its control channel", e);
                }
            }, "jlivepatch mbeans");
            registering.setDaemon(true);
            registering.start();
        } else {
            try {
                registerBeans(started, bean);
            } catch (JMException | RuntimeException e) {
                started.close();
                throw e;
            }
        }
        System.setProperty(Agent.VERSION_PROPERTY, Engine.version());
        logger.log(Level.DEBUG, "jlivepatch agent " + Engine.version() + " started");
        return started;
    }

    /** Registers the agent's bean and one bean per patch, now and whenever the patches change. */
    private static void registerBeans(Engine engine, LivePatchBean bean) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        server.registerMBean(bean, new ObjectName(LivePatchMXBean.OBJECT_NAME));
        PatchBeans patchBeans = new PatchBeans(server, engine);
        engine.addChangeListener(patchBeans::update);
        // Patches loaded before the listener was added (a jlp load racing this thread).
        patchBeans.update();
    }

    /**
     * The trust policy of {@code trust=FILE} (or its property, or the file beside jlp.jar). One
     * that is named but cannot be read refuses every patch: an operator who set a policy never
     * gets unsigned patches loaded by mistake.
     */
    private static TrustCheck signers(String args, System.Logger logger) {
        Optional<Path> file = AgentArguments.trustPolicy(args, agentJar());
        if (file.isEmpty()) {
            return TrustCheck.none();
        }
        String password = System.getProperty(AgentArguments.TRUST_PASSWORD_PROPERTY);
        try {
            Path copies = PrivateDirectory.createOrCheck(Path.of(System.getProperty(
                    "java.io.tmpdir")).resolve("jlivepatch-" + System.getProperty("user.name",
                    "user").replaceAll("[^A-Za-z0-9._-]", "_") + "-patches"),
                    "the verified copies of signed patch jars");
            TrustPolicy policy = TrustPolicy.load(file.get(),
                    password == null ? null : password.toCharArray(), copies);
            logger.log(Level.INFO, "jlivepatch trust policy " + file.get() + ": only patch jars"
                    + " signed by a signer it trusts are loaded");
            return TrustCheck.of(policy);
        } catch (IOException e) {
            logger.log(Level.ERROR, e.getMessage() + "; every patch is refused until the"
                    + " policy can be read");
            return TrustCheck.broken(e.getMessage());
        }
    }

    private static Path agentJar() {
        try {
            return Path.of(AgentRuntime.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Opens the control channel {@code jlp} prefers to JMX; without it (no Unix-domain sockets,
     * no {@code jdk.net} module, no writable temporary directory) {@code jlp} uses JMX.
     *
     * @return whether the channel is open
     */
    private static boolean startControlChannel(Engine engine, EventLog events,
            LivePatchBean bean, System.Logger logger) {
        try {
            ControlServer control = ControlServer.start(
                    Path.of(System.getProperty("java.io.tmpdir")), bean, logger);
            events.addListener(event -> control.changed());
            engine.addChangeListener(control::changed);
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            logger.log(Level.INFO, "jlivepatch control channel not opened (" + e
                    + "); jlp uses JMX");
            return false;
        }
    }
}
