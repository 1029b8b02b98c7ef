package io.jlivepatch.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The child JVM's main class: loads every target class up front, then answers one command per
 * line on stdin, one reply line per command on stdout. Replies start with {@value #REPLY} so that
 * the harness can tell them from anything else the JVM prints (HotSpot warnings go to stdout).
 *
 * <ul>
 *   <li>{@code call NAME}: runs one probe and replies {@code @@= RESULT}, or {@code @@! ERROR};
 *   <li>{@code repeat N NAME}: runs one probe N times (long enough for the JIT to compile it)
 *       and replies with the last result;
 *   <li>{@code snapshot}: runs every probe and replies {@code @@= name=result|...};
 *   <li>{@code hold} (a platform thread) or {@code vhold} (a virtual thread, JDK 21+): starts
 *       the thread {@value #HOLDER}, which stays inside {@link Gate#pass}
 *       until {@code release}, and replies once it is inside;
 *   <li>{@code release}: lets that thread go, waits for it to end and replies with what its
 *       {@link Gate#pass} returned (which version ran), or {@code nothing held};
 *   <li>{@code newloader NAME}, {@code callloader NAME}, {@code droploader NAME}: a class loader
 *       of that name defining its own {@code PluginGreeter}, created (and the greeter called),
 *       called again, or dropped until the collector has taken it (see {@link LateLoaders});
 *   <li>end of input: exits (so a dead harness never leaves a child behind).
 * </ul>
 *
 * <p>A background thread calls every probe all the time, so that patches are applied and removed
 * under load; the probe {@code busy} tells whether any of those calls failed.
 *
 * <p>Argument: the plugin jar, which this JVM loads in two loaders named {@code plugin} and
 * {@code other}.
 */
public final class TargetApp {

    /** The prefix of every reply line. */
    public static final String REPLY = "@@";

    /** The name of the thread that {@code hold} keeps inside {@link Gate#pass}. */
    public static final String HOLDER = "gate-holder";

    private static final long HOLD_SECONDS = 10;

    private static Holder holder;
    private static LateLoaders lateLoaders;

    private TargetApp() {
    }

    /**
     * @param args the plugin jar's path
     * @throws Exception if the plugin cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        lateLoaders = new LateLoaders(Path.of(args[0]));
        Map<String, Supplier<String>> probes = probes();
        // Load and initialise every target before the first command: "class missing" then means
        // missing, not "not loaded yet".
        probes.values().forEach(Supplier::get);
        BusyCaller busy = new BusyCaller(List.copyOf(probes.values()));
        probes.put("busy", busy::report);
        busy.start();
        System.out.println(REPLY + "ready");
        BufferedReader in = new BufferedReader(
                new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            System.out.println(REPLY + answer(probes, line.trim()));
        }
        System.exit(0);
    }

    private static String answer(Map<String, Supplier<String>> probes, String command) {
        try {
            if (command.equals("snapshot")) {
                StringBuilder all = new StringBuilder();
                probes.forEach((name, probe) ->
                        all.append(all.length() == 0 ? "" : "|").append(name).append('=')
                                .append(probe.get()));
                return "= " + all;
            }
            if (command.startsWith("repeat ")) {
                String[] words = command.split(" ");
                Supplier<String> probe = probes.get(words[2]);
                if (probe == null) {
                    return "! no probe: " + command;
                }
                String last = null;
                for (int i = Integer.parseInt(words[1]); i > 0; i--) {
                    last = probe.get();
                }
                return "= " + last;
            }
            if (command.equals("hold") || command.equals("vhold")) {
                return hold(command.equals("vhold"));
            }
            if (command.equals("release")) {
                return release();
            }
            String[] words = command.split(" ");
            if (words.length == 2 && words[0].equals("newloader")) {
                return lateLoaders.create(words[1]);
            }
            if (words.length == 2 && words[0].equals("callloader")) {
                return lateLoaders.call(words[1]);
            }
            if (words.length == 2 && words[0].equals("droploader")) {
                return lateLoaders.drop(words[1]);
            }
            if (command.startsWith("call ")) {
                Supplier<String> probe = probes.get(command.substring(5));
                return probe == null ? "! no probe: " + command : "= " + probe.get();
            }
            return "! unknown command: " + command;
        } catch (Throwable t) {
            return "! " + t;
        }
    }

    private static Map<String, Supplier<String>> probes() throws Exception {
        Supplier<String> plugin = lateLoaders.greeter("plugin");
        Supplier<String> other = lateLoaders.greeter("other");
        Cmdline cmdline = new Cmdline();
        Map<String, Supplier<String>> probes = new LinkedHashMap<>();
        probes.put("cmdline", cmdline::show);
        probes.put("meminfo", Meminfo::show);
        probes.put("account", () -> new Account(100).statement());
        probes.put("calc", TargetApp::calc);
        probes.put("square", () -> new Square().area());
        probes.put("native", () -> new NativeHolder().ok());
        probes.put("gate", () -> new Gate().pass(Hold.NONE));
        probes.put("plugin", plugin);
        probes.put("other", other);
        return probes;
    }

    private static String hold(boolean virtual) throws Exception {
        if (holder != null) {
            return "! already holding a thread in Gate.pass";
        }
        Holder started = new Holder();
        Runnable body = () -> started.result = new Gate().pass(started.hold);
        started.thread = virtual ? startVirtual(HOLDER, body) : new Thread(body, HOLDER);
        if (!virtual) {
            started.thread.setDaemon(true);
            started.thread.start();
        }
        if (!started.hold.awaitEntered(HOLD_SECONDS)) {
            return "! " + HOLDER + " did not enter Gate.pass within " + HOLD_SECONDS + " s";
        }
        holder = started;
        return "= holding " + HOLDER + " in Gate.pass";
    }

    /** {@code Thread.ofVirtual().name(name).start(body)}, through reflection (JDK 21+). */
    private static Thread startVirtual(String name, Runnable body) throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        builder = ofVirtual.getMethod("name", String.class).invoke(builder, name);
        return (Thread) ofVirtual.getMethod("start", Runnable.class).invoke(builder, body);
    }

    private static String release() throws InterruptedException {
        Holder held = holder;
        if (held == null) {
            return "= nothing held";
        }
        held.hold.release();
        held.thread.join(TimeUnit.SECONDS.toMillis(HOLD_SECONDS));
        if (held.thread.isAlive()) {
            return "! " + HOLDER + " still runs " + HOLD_SECONDS + " s after its release";
        }
        holder = null;
        return "= " + held.result;
    }

    /** The thread {@code hold} (or {@code vhold}) keeps inside {@link Gate#pass}. */
    private static final class Holder {
        final Hold hold = new Hold();
        volatile Thread thread;
        volatile String result;
    }

    /** Calls the probes in a loop, a millisecond apart, and counts the calls that throw. */
    private static final class BusyCaller extends Thread {
        private final List<Supplier<String>> probes;
        private final AtomicLong errors = new AtomicLong();
        private volatile Throwable firstError;

        BusyCaller(List<Supplier<String>> probes) {
            super("busy-caller");
            this.probes = probes;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                for (Supplier<String> probe : probes) {
                    try {
                        probe.get();
                    } catch (Throwable t) {
                        if (errors.getAndIncrement() == 0) {
                            firstError = t;
                        }
                    }
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        String report() {
            return "busy caller errors=" + errors.get()
                    + (firstError == null ? "" : " first=" + firstError);
        }
    }

    private static String calc() {
        Calc calc = new Calc(10);
        calc.accumulate(5);
        calc.accumulate(7);
        return "add=" + Calc.add(2, 3) + " addLong=" + Calc.add(2L, 3L)
                + " " + Calc.mix(1L << 40, 2.5, 7) + " scale=" + calc.scale(4)
                + " total=" + calc.total();
    }
}
