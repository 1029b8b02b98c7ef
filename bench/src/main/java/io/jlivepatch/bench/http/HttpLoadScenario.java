package io.jlivepatch.bench.http;

import com.sun.net.httpserver.HttpServer;
import io.jlivepatch.bench.BenchEngine;
import io.jlivepatch.bench.Figure;
import io.jlivepatch.bench.PatchJar;
import io.jlivepatch.bench.RunMode;
import io.jlivepatch.bench.Scenario;
import io.jlivepatch.bench.Stats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A replace transition under HTTP load (DESIGN §9: zero failed requests, p99 within 2× of the
 * baseline). A JDK {@link HttpServer} on 127.0.0.1 answers with {@link PriceService#price};
 * {@value #CLIENTS} client threads send requests back to back for a fixed time. After a warm-up:
 *
 * <ol>
 *   <li>a window holding the JVM's first redefinition, of a class no patch touches: in a JVM
 *       whose agent was attached (as here) HotSpot then deoptimises all compiled code once, what
 *       the first patch load of such a JVM also causes; then the JVM settles (below);
 *   <li>a window holding the first patch load, which weaves {@code PriceService}; it settles;
 *   <li>rounds of three windows: baseline (no patching); paced, in which an atomic-replace patch
 *       (alternately {@link PriceFix1} and {@link PriceFix2}, each under a new name) is loaded
 *       every {@value #PACE_MILLIS} ms and waited for until complete; back to back, in which such
 *       patches are loaded one after another with no pause, the worst case.
 * </ol>
 *
 * <p>Settling drives the service unmeasured until the JIT compiles little, so the windows
 * compare steady states; how long it took is reported, and it is bounded. Each kind's figures
 * are taken over all its windows, which alternate: the machine's load changes during a run.
 * Server, clients and engine share this JVM and its cores; the CPU time of the loading thread
 * and the JIT's compilation time in each kind of window show where the time of the
 * transitions goes.
 */
public final class HttpLoadScenario implements Scenario {

    private static final int CLIENTS = 4;
    private static final int SERVER_THREADS = 4;
    /** Upper bound of requests per client and window: the run is bounded even on a fast box. */
    private static final int MAX_REQUESTS = 1_000_000;
    /** Time from the start of one load to the start of the next in a paced window. */
    private static final long PACE_MILLIS = 500;
    /** The JIT's compilation time in a settle window below which the JVM counts as settled. */
    private static final long SETTLED_JIT_MILLIS = 100;
    private static final long SETTLE_WINDOW_MILLIS = 1_000;
    /** The longest sleep between checks of whether a paced window is over. */
    private static final long PAUSE_STEP_MILLIS = 10;

    /** The number of the next patch: names must not repeat. Used by the patcher thread only. */
    private int patchNumber;

    /** CPU time of the thread that loads the patches (it makes the engine calls). */
    private final AtomicLong loaderCpuNanos = new AtomicLong();

    @Override
    public void run(RunMode mode, Consumer<Figure> out) throws Exception {
        long windowMillis = mode.pick(3_000L, 5_000L);
        int rounds = mode.pick(2, 5);
        // Without it the server's header and body writes meet the client's delayed ACK: every
        // response would take 40 ms, and the window would measure TCP, not the service.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        PriceService service = new PriceService();
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService serverThreads = Executors.newFixedThreadPool(SERVER_THREADS);
        server.setExecutor(serverThreads);
        server.createContext("/price", exchange -> {
            byte[] body = service.price(exchange.getRequestURI().getQuery())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        BenchEngine.engine();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/price?item=");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            window(clients, client, uri, mode.pick(5_000L, 20_000L));
            Path dir = Files.createTempDirectory("jlp-bench-http");
            ExecutorService patcherThread = Executors.newSingleThreadExecutor();
            long maxSettleMillis = mode.pick(20_000L, 60_000L);
            Window firstRedefinition = redefinitionWindow(windowMillis, patcherThread, clients,
                    client, uri);
            long settleRedefinitionMillis = settle(clients, client, uri, maxSettleMillis);
            Kind first = new Kind(0, 1);
            measure(first, windowMillis, patcherThread, dir, clients, client, uri);
            long settleMillis = settle(clients, client, uri, maxSettleMillis);
            Kind baseline = new Kind(0, 0);
            Kind paced = new Kind(PACE_MILLIS, Integer.MAX_VALUE);
            Kind backToBack = new Kind(0, Integer.MAX_VALUE);
            for (int round = 0; round < rounds; round++) {
                for (Kind kind : List.of(baseline, paced, backToBack)) {
                    measure(kind, windowMillis, patcherThread, dir, clients, client, uri);
                }
            }
            patcherThread.shutdown();
            report(out, "http.first_redefinition", firstRedefinition);
            out.accept(Figure.bench("http.first_redefinition.settle_time",
                    settleRedefinitionMillis, "ms"));
            report(out, "http.first_load", first.merged());
            out.accept(Figure.bench("http.first_load.settle_time", settleMillis, "ms"));
            report(out, "http.baseline", baseline.merged());
            report(out, "http.paced", paced.merged());
            report(out, "http.transitions", backToBack.merged());
            out.accept(Figure.bench("http.paced.count", paced.transitions, "transitions"));
            out.accept(Figure.bench("http.transitions.count", backToBack.transitions,
                    "transitions"));
            out.accept(Figure.bench("http.transitions.loader_cpu_per_transition",
                    loaderCpuNanos.get() / 1e6
                            / (first.transitions + paced.transitions + backToBack.transitions),
                    "ms"));
            out.accept(Figure.bench("http.baseline.jit_time", baseline.jitMillis, "ms"));
            out.accept(Figure.bench("http.paced.jit_time", paced.jitMillis, "ms"));
            out.accept(Figure.bench("http.transitions.jit_time", backToBack.jitMillis, "ms"));
            out.accept(Figure.ratio("http.p99_first_redefinition_over_baseline",
                    firstRedefinition.percentile(99) / baseline.merged().percentile(99)));
            out.accept(Figure.ratio("http.p99_first_load_over_baseline",
                    first.merged().percentile(99) / baseline.merged().percentile(99)));
            out.accept(Figure.ratio("http.p99_paced_over_baseline",
                    paced.merged().percentile(99) / baseline.merged().percentile(99)));
            out.accept(Figure.ratio("http.p99_transitions_over_baseline",
                    backToBack.merged().percentile(99) / baseline.merged().percentile(99)));
        } finally {
            clients.shutdownNow();
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    /** Runs one window of {@code kind}, with its patches loaded by {@code patcherThread}. */
    private void measure(Kind kind, long windowMillis, ExecutorService patcherThread, Path dir,
            ExecutorService clients, HttpClient client, URI uri) throws Exception {
        long jitStart = jitMillis();
        AtomicBoolean patching = new AtomicBoolean(true);
        Future<Integer> patcher = kind.limit == 0 ? null : patcherThread.submit(
                () -> replaceRepeatedly(dir, kind.paceMillis, kind.limit, patching));
        kind.windows.add(window(clients, client, uri, windowMillis));
        patching.set(false);
        if (patcher != null) {
            kind.transitions += patcher.get();
        }
        kind.jitMillis += jitMillis() - jitStart;
    }

    /**
     * A window during which the JVM redefines a class for the first time, with no change and no
     * patch: HotSpot records the dependencies that redefinition needs only from the first
     * redefinition on, unless an agent that can redefine was loaded at start, so this one
     * deoptimises all compiled code. In a JVM whose agent was attached, the first patch load is
     * that first redefinition; this window shows what it costs apart from the patch.
     */
    private static Window redefinitionWindow(long windowMillis, ExecutorService patcherThread,
            ExecutorService clients, HttpClient client, URI uri) throws Exception {
        Future<?> redefinition = patcherThread.submit(() -> {
            BenchEngine.instrumentation().retransformClasses(Window.class);
            return null;
        });
        Window window = window(clients, client, uri, windowMillis);
        redefinition.get();
        return window;
    }

    /**
     * Drives the service, unmeasured, until the JIT compiles less than
     * {@value #SETTLED_JIT_MILLIS} ms in a window of {@value #SETTLE_WINDOW_MILLIS} ms, or for
     * at most {@code maxMillis}: a redefinition deoptimised compiled code, and the windows that
     * follow compare steady states.
     *
     * @return how long it took
     */
    private static long settle(ExecutorService clients, HttpClient client, URI uri,
            long maxMillis) throws Exception {
        long start = System.nanoTime();
        long jit;
        do {
            jit = jitMillis();
            window(clients, client, uri, SETTLE_WINDOW_MILLIS);
        } while (jitMillis() - jit >= SETTLED_JIT_MILLIS
                && System.nanoTime() - start < maxMillis * 1_000_000L);
        return (System.nanoTime() - start) / 1_000_000L;
    }

    private static void report(Consumer<Figure> out, String prefix, Window window) {
        out.accept(Figure.bench(prefix + ".requests", window.latencies.length, "requests"));
        out.accept(Figure.bench(prefix + ".errors", window.errors, "requests"));
        out.accept(Figure.bench(prefix + ".p50", window.percentile(50) / 1e3, "us"));
        out.accept(Figure.bench(prefix + ".p99", window.percentile(99) / 1e3, "us"));
        out.accept(Figure.bench(prefix + ".max", window.percentile(100) / 1e3, "us"));
    }

    private static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /**
     * Loads replace patches, each waited for until its transition completes, until
     * {@code patching} is cleared.
     *
     * @param paceMillis time from the start of one load to the start of the next; 0 for none
     * @param limit the most patches to load
     * @return the number of replace transitions completed
     */
    private int replaceRepeatedly(Path dir, long paceMillis, int limit, AtomicBoolean patching)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        int count = 0;
        long next = System.nanoTime();
        while (patching.get() && count < limit) {
            int number = patchNumber++;
            String name = "bench-http-" + number;
            String fix = number % 2 == 0 ? PriceFix1.class.getName() : PriceFix2.class.getName();
            Path jar = new PatchJar(name, true).add(fix).write(dir.resolve(name + ".jar"));
            BenchEngine.timedLoad(jar, Duration.ofSeconds(30));
            count++;
            next += paceMillis * 1_000_000L;
            while (patching.get() && System.nanoTime() < next) {
                Thread.sleep(Math.min(PAUSE_STEP_MILLIS,
                        Math.max(1, (next - System.nanoTime()) / 1_000_000L)));
            }
        }
        loaderCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuStart);
        return count;
    }

    /** The windows of one kind, their transitions and the JIT's time during them. */
    private static final class Kind {
        final long paceMillis;
        final int limit;
        final List<Window> windows = new ArrayList<>();
        int transitions;
        long jitMillis;

        /**
         * @param paceMillis time from the start of one load to the start of the next
         * @param limit the most patches loaded in each window: 0 for none
         */
        Kind(long paceMillis, int limit) {
            this.paceMillis = paceMillis;
            this.limit = limit;
        }

        Window merged() {
            return Window.merge(windows);
        }
    }

    /** The latencies (ns, sorted) and failures of one or more windows. */
    private record Window(long[] latencies, int errors) {
        double percentile(double p) {
            return Stats.percentile(latencies, p);
        }

        static Window merge(List<Window> windows) {
            return new Window(windows.stream().flatMapToLong(w -> Arrays.stream(w.latencies))
                    .sorted().toArray(), windows.stream().mapToInt(Window::errors).sum());
        }
    }

    private static Window window(ExecutorService clients, HttpClient client, URI uri,
            long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000L;
        List<Future<Window>> results = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int clientId = c;
            results.add(clients.submit(() -> drive(client, uri, clientId, end)));
        }
        List<Window> all = new ArrayList<>();
        for (Future<Window> result : results) {
            all.add(result.get());
        }
        return Window.merge(all);
    }

    private static Window drive(HttpClient client, URI uri, int clientId, long end) {
        long[] latencies = new long[1024];
        int count = 0;
        int errors = 0;
        while (System.nanoTime() < end && count < MAX_REQUESTS) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(uri + "c" + clientId + "-"
                    + count)).timeout(Duration.ofSeconds(10)).build();
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request,
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().startsWith("v")) {
                    errors++;
                }
            } catch (Exception e) {
                errors++;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - start;
        }
        return new Window(Arrays.copyOf(latencies, count), errors);
    }
}
