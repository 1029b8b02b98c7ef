package io.jlivepatch.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.jlivepatch.client.ControlConnection;
import io.jlivepatch.client.LivePatchClient;
import io.jlivepatch.client.WrongPeerException;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JVM {@code jlp} attached to: whether jlivepatch runs in it, loading the agent, and a
 * {@link LivePatchClient} of the agent: over the agent's control channel when it has one, else
 * over JMX through the JVM's local management agent.
 */
final class TargetJvm implements AutoCloseable {

    final long pid;
    private final VirtualMachine vm;
    private Properties properties;
    private JMXConnector connector;
    private LivePatchClient livePatch;

    private TargetJvm(long pid, VirtualMachine vm) {
        this.pid = pid;
        this.vm = vm;
    }

    /**
     * Attaches to a JVM that the attach mechanism lists: attaching signals the process, which
     * must not happen to a process that is not a JVM.
     *
     * @param pid the JVM's process id
     * @return the attached JVM
     * @throws CommandException ({@link Exit#NO_JVM}) if there is no such JVM or it refuses
     */
    static TargetJvm attach(long pid) {
        String id = Long.toString(pid);
        AttachFlags.refuseDisabled(pid);
        VirtualMachineDescriptor listed = VirtualMachine.list().stream()
                .filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new CommandException(Exit.NO_JVM, "no JVM with pid " + pid
                        + " on this host" + (ProcessHandle.of(pid).isPresent() ? " (process "
                        + pid + " is not a JVM, or runs as another user or with"
                        + " -XX:-UsePerfData)" : "") + "; 'jlp ps' lists the JVMs"));
        return attach(listed);
    }

    /**
     * @param jvm a JVM the attach mechanism lists
     * @return the attached JVM
     * @throws CommandException ({@link Exit#NO_JVM}) if it refuses, or has exited
     */
    static TargetJvm attach(VirtualMachineDescriptor jvm) {
        long pid = Long.parseLong(jvm.id());
        AttachListenerWatch watch = AttachListenerWatch.start(pid);
        try {
            return new TargetJvm(pid, attachWoken(jvm, watch));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CommandException(Exit.NO_JVM, "cannot attach to JVM " + jvm.id() + ": "
                    + e.getMessage() + " (is it a JVM of the same user, started without"
                    + " -XX:+DisableAttachMechanism?)");
        } finally {
            watch.stop();
        }
    }

    /**
     * Attaches while {@code watch} cuts the JDK's wait for the attach listener short; attaches
     * again if the attach failed after the watch interrupted it (the listener is up by then).
     */
    private static VirtualMachine attachWoken(VirtualMachineDescriptor jvm,
            AttachListenerWatch watch) throws AttachNotSupportedException, IOException {
        try {
            return VirtualMachine.attach(jvm);
        } catch (AttachNotSupportedException | IOException e) {
            if (watch.stop()) {
                return VirtualMachine.attach(jvm);
            }
            throw e;
        }
    }

    /**
     * Reads the property the agent sets, without starting anything in the JVM.
     *
     * @return the version of the jlivepatch agent running in the JVM, or null if none is
     */
    String agentVersion() {
        return systemProperties().getProperty(ControlConnection.VERSION_PROPERTY);
    }

    /**
     * Reads the JVM's system properties anew, without starting anything in the JVM.
     *
     * @return its system properties
     */
    Properties systemProperties() {
        try {
            properties = vm.getSystemProperties();
            return properties;
        } catch (IOException e) {
            throw new CommandException(Exit.NO_JVM, "lost the connection to JVM " + pid + ": "
                    + e.getMessage());
        }
    }

    /** Loads the agent from the jar {@code jlp} runs from, unless it runs in the JVM already. */
    void ensureAgent() {
        if (agentVersion() != null) {
            return;
        }
        Path jar = jlpJar();
        try {
            vm.loadAgent(jar.toString());
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            throw new CommandException(Exit.ERROR, "cannot load the jlivepatch agent " + jar
                    + " into JVM " + pid + ": " + e.getMessage());
        }
        if (agentVersion() == null) {
            throw new CommandException(Exit.ERROR, "the jlivepatch agent did not start in JVM "
                    + pid + "; its log (System.Logger io.jlivepatch, on its stderr by default)"
                    + " says why");
        }
    }

    private static Path jlpJar() {
        Path location;
        try {
            location = Path.of(TargetJvm.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("jlp's own location is not a file", e);
        }
        if (!Files.isRegularFile(location)) {
            throw new CommandException(Exit.ERROR, "cannot load the agent: jlp runs from "
                    + location + ", not from jlp.jar; build it (mvn package) and run bin/jlp");
        }
        return location;
    }

    /**
     * The agent of a JVM that must run jlivepatch already: one without it holds no patch and no
     * transition, so there is nothing to change.
     *
     * @param absent what cannot be done, for example {@code no patch 'fix-1' in JVM 42}
     * @return the agent's client
     * @throws CommandException ({@link Exit#REFUSED}) if jlivepatch does not run in the JVM
     */
    LivePatchClient loadedAgent(String absent) {
        if (agentVersion() == null) {
            throw new CommandException(Exit.REFUSED, absent + ": jlivepatch is not loaded there");
        }
        return livePatch();
    }

    /**
     * Connects to the agent: over its control channel if it has one and it answers, else over
     * JMX, through the JVM's local management agent (which this starts if it is not running).
     *
     * @return the agent's client
     */
    LivePatchClient livePatch() {
        if (livePatch == null) {
            if (properties == null) {
                agentVersion();
            }
            livePatch = overControlChannel();
        }
        if (livePatch == null) {
            livePatch = overJmx();
        }
        return livePatch;
    }

    /**
     * @return the client over the agent's control channel, or null if there is none to reach
     * @throws CommandException ({@link Exit#NO_JVM}) if another process or user serves the
     *     socket the JVM names
     */
    private LivePatchClient overControlChannel() {
        String path = properties.getProperty(ControlConnection.PROPERTY);
        if (path == null) {
            return null;
        }
        try {
            return ControlConnection.connect(pid, path);
        } catch (WrongPeerException e) {
            throw new CommandException(Exit.NO_JVM, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private LivePatchClient overJmx() {
        try {
            connector = JMXConnectorFactory.connect(
                    new JMXServiceURL(vm.startLocalManagementAgent()));
            return new JmxAgent(JMX.newMXBeanProxy(connector.getMBeanServerConnection(),
                    new ObjectName(LivePatchMXBean.OBJECT_NAME), LivePatchMXBean.class));
        } catch (IOException e) {
            throw new CommandException(Exit.NO_JVM, "cannot connect to JVM " + pid
                    + " over JMX: " + e.getMessage());
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (livePatch != null) {
                livePatch.close();
            }
            if (connector != null) {
                connector.close();
            }
            vm.detach();
        } catch (IOException e) {
            // The JVM may have exited; nothing is left to release on this side.
        }
    }
}
