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
 * {@value #CLIENTS} client threads send requests back to back for a fixed time, in baseline
 * windows and in windows during which atomic-replace patches (alternately {@link PriceFix1} and
 * {@link PriceFix2}, each under a new name) are loaded one after another, each waited for until
 * complete, back to back: the worst case. Server, clients and engine share this JVM and its
 * cores; the CPU time of the loading thread and the JIT's compilation time in each kind of window
 * show where the time of the transitions goes.
 *
 * <p>The two kinds of window alternate, baseline first, and each kind's figures are taken over
 * all its windows: the JIT keeps compiling the HTTP stack for tens of seconds, and the machine's
 * load changes, so one baseline window followed by one transitions window would compare two
 * different JVMs. The first transitions window also holds the first load, which weaves
 * {@code PriceService}; every later baseline window runs its patched, woven code.
 */
public final class HttpLoadScenario implements Scenario {

    private static final int CLIENTS = 4;
    private static final int SERVER_THREADS = 4;
    /** Upper bound of requests per client and window: the run is bounded even on a fast box. */
    private static final int MAX_REQUESTS = 1_000_000;

    /** CPU time of loading the patches: the loading thread's and the engine calls'. */
    private final AtomicLong loaderCpuNanos = new AtomicLong();

    @Override
    public void run(RunMode mode, Consumer<Figure> out) throws Exception {
        long windowMillis = mode.pick(3_000L, 5_000L);
        int pairs = mode.pick(2, 5);
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
            List<Window> baselines = new ArrayList<>();
            List<Window> durings = new ArrayList<>();
            long jitBaseline = 0;
            long jitDuring = 0;
            int transitions = 0;
            for (int pair = 0; pair < pairs; pair++) {
                long jitStart = jitMillis();
                baselines.add(window(clients, client, uri, windowMillis));
                jitBaseline += jitMillis() - jitStart;
                AtomicBoolean patching = new AtomicBoolean(true);
                int first = transitions;
                Future<Integer> patcher = patcherThread.submit(
                        () -> replaceRepeatedly(dir, first, patching));
                jitStart = jitMillis();
                durings.add(window(clients, client, uri, windowMillis));
                jitDuring += jitMillis() - jitStart;
                patching.set(false);
                transitions += patcher.get();
            }
            patcherThread.shutdown();
            Window baseline = Window.merge(baselines);
            Window during = Window.merge(durings);
            report(out, "http.baseline", baseline);
            report(out, "http.transitions", during);
            out.accept(Figure.bench("http.transitions.count", transitions, "transitions"));
            out.accept(Figure.bench("http.transitions.loader_cpu_per_transition",
                    loaderCpuNanos.get() / 1e6 / transitions, "ms"));
            out.accept(Figure.bench("http.baseline.jit_time", jitBaseline, "ms"));
            out.accept(Figure.bench("http.transitions.jit_time", jitDuring, "ms"));
            out.accept(Figure.ratio("http.p99_transitions_over_baseline",
                    during.percentile(99) / baseline.percentile(99)));
        } finally {
            clients.shutdownNow();
            server.stop(0);
            serverThreads.shutdownNow();
        }
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
     * Loads replace patches back to back until {@code patching} is cleared.
     *
     * @param first the number of the first patch: names must not repeat
     * @return the number of replace transitions completed
     */
    private int replaceRepeatedly(Path dir, int first, AtomicBoolean patching) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        int count = first;
        while (patching.get()) {
            String name = "bench-http-" + count;
            String fix = count % 2 == 0 ? PriceFix1.class.getName() : PriceFix2.class.getName();
            Path jar = new PatchJar(name, true).add(fix).write(dir.resolve(name + ".jar"));
            loaderCpuNanos.addAndGet(BenchEngine.timedLoad(jar, Duration.ofSeconds(30))
                    .callCpuNanos());
            count++;
        }
        loaderCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuStart);
        return count - first;
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
