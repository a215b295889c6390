package io.peercensus.bench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercensus.Crawlers;
import io.peercensus.Network;
import io.peercensus.bench.crawl.HeapSampler;
import io.peercensus.bench.crawl.SimulatorProcess;
import io.peercensus.examples.serve.ScrapeService;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scrape service's load benchmark (issue 5): a simulated Bitcoin network (2,000 nodes by default, the
 * simulator's default mix and latencies, as in {@code ServeLoadIT}) in a child JVM, crawled once per run by a
 * {@link ScrapeService} in this JVM while 200 clients follow {@code GET /peers}. Runs alternate without (A) and with
 * (B) one more client that asks for {@code /peers} and never reads, A/B/A/B (or A/B/B/A) after a warm-up run; it
 * prints each run's crawl duration, whether every client got every observation in the same order, whether the
 * stalled client was dropped, peak used heap (sampled every 10 ms) and live heap after a GC, then the median and
 * mean of the B/A duration ratios of the pairs.
 *
 * <p>Run after {@code mvn package}: {@code java -Xmx512m -cp bench/target/benchmarks.jar
 * io.peercensus.bench.serve.ServeLoadBenchmark [--nodes N] [--seed N] [--clients N] [--pairs N] [--warmup N]
 * [--buffer LINES] [--rcvbuf BYTES] [--order ab|abba] [--timeout-minutes N]}. {@code --buffer} is the service's
 * per-client queue ({@code subscriberBuffer}, 512 lines as in {@code ServeLoadIT}); {@code --rcvbuf} the stalled
 * client's SO_RCVBUF (4096; 0 for the system default); {@code --order abba} runs every second pair B first, which
 * cancels a linear drift of the machine's speed better than A/B/A/B (the default). Every wait is bounded; past
 * {@code --timeout-minutes} (30) the benchmark gives up and exits with status 3, which also ends the simulator (it
 * serves until its stdin closes).
 *
 * <p>Not thread-safe; meant to be the process's main.
 */
public final class ServeLoadBenchmark {
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CRAWL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatorProcess sim;
    private final int clients;
    private final int buffer;
    private final int rcvbuf;

    private ServeLoadBenchmark(SimulatorProcess sim, int clients, int buffer, int rcvbuf) {
        this.sim = sim;
        this.clients = clients;
        this.buffer = buffer;
        this.rcvbuf = rcvbuf;
    }

    /** One crawl served to the clients. */
    record Run(boolean stalled, double crawlSeconds, double wallSeconds, long published, int complete,
               int clients, long dropped, String stalledRcvbuf, long peakHeap, long liveHeap, double cpuSeconds) {
    }

    /** Runs the benchmark; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        int nodes = 2000;
        long seed = 2026;
        int clients = 200;
        int pairs = 5;
        int warmup = 1;
        int buffer = 512;
        int rcvbuf = 4096;
        int timeoutMinutes = 30;
        boolean abba = false;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--clients" -> clients = Integer.parseInt(v);
                case "--pairs" -> pairs = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--buffer" -> buffer = Integer.parseInt(v);
                case "--rcvbuf" -> rcvbuf = Integer.parseInt(v);
                case "--timeout-minutes" -> timeoutMinutes = Integer.parseInt(v);
                case "--order" -> abba = switch (v) {
                    case "ab" -> false;
                    case "abba" -> true;
                    default -> throw new IllegalArgumentException("--order must be ab or abba, got " + v);
                };
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        watchdog(Duration.ofMinutes(timeoutMinutes));
        List<String> simulator = List.of("--nodes", Integer.toString(nodes), "--seed", Long.toString(seed));
        System.out.printf(Locale.ROOT, "# simulator %s (child JVM); %d /peers clients; subscriber buffer %d lines;"
                + " stalled client SO_RCVBUF %s; %d warm-up + %d pairs, order %s; JDK %s, %d cores, max heap %d MB%n",
                String.join(" ", simulator), clients, buffer, rcvbuf == 0 ? "default" : rcvbuf + " B", warmup, pairs,
                abba ? "A B B A" : "A B A B",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| run | stalled client | crawl s | wall s | observations | clients with every line, same"
                + " order | stalled client dropped | peak used heap MB | live heap after GC MB | CPU s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        List<Run> a = new ArrayList<>();
        List<Run> b = new ArrayList<>();
        try (SimulatorProcess sim = SimulatorProcess.bitcoin(simulator)) {
            ServeLoadBenchmark bench = new ServeLoadBenchmark(sim, clients, buffer, rcvbuf);
            for (int i = 0; i < warmup; i++) {
                print("warm-up " + (i + 1), bench.run(false));
            }
            for (int i = 0; i < pairs; i++) {
                boolean withFirst = abba && i % 2 == 1;
                for (boolean stalled : withFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    Run r = bench.run(stalled);
                    print((stalled ? "B" : "A") + (i + 1), r);
                    (stalled ? b : a).add(r);
                }
            }
        }
        summarise(a, b);
        System.exit(0); // the watchdog thread is a daemon, but say so plainly
    }

    private static void print(String label, Run r) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %d | %d / %d | %s | %d | %d | %.1f |%n", label,
                r.stalled() ? "yes (SO_RCVBUF " + r.stalledRcvbuf() + ")" : "no", r.crawlSeconds(), r.wallSeconds(),
                r.published(), r.complete(), r.clients(), r.stalled() ? (r.dropped() > 0 ? "yes" : "no") : "-",
                r.peakHeap() >> 20, r.liveHeap() >> 20, r.cpuSeconds());
        System.out.flush();
    }

    private static void summarise(List<Run> a, List<Run> b) {
        if (a.isEmpty()) {
            return;
        }
        List<Double> ratios = new ArrayList<>();
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            double r = b.get(i).crawlSeconds() / a.get(i).crawlSeconds();
            ratios.add(r);
            each.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", r));
        }
        double meanA = a.stream().mapToDouble(Run::crawlSeconds).average().orElseThrow();
        double meanB = b.stream().mapToDouble(Run::crawlSeconds).average().orElseThrow();
        System.out.println();
        System.out.println("B/A crawl duration ratio per pair: " + each);
        System.out.printf(Locale.ROOT, "median ratio %.3f, mean ratio %.3f; median crawl A %.2f s, B %.2f s;"
                + " mean A %.2f s, B %.2f s (ratio of means %.3f)%n", median(ratios),
                ratios.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                median(a.stream().map(Run::crawlSeconds).toList()), median(b.stream().map(Run::crawlSeconds).toList()),
                meanA, meanB, meanB / meanA);
        List<Double> cpuRatios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            cpuRatios.add(b.get(i).cpuSeconds() / a.get(i).cpuSeconds());
        }
        System.out.printf(Locale.ROOT, "B/A CPU of this JVM during the crawl: median ratio %.3f, mean ratio %.3f%n",
                median(cpuRatios), cpuRatios.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        System.out.printf(Locale.ROOT, "stalled client dropped in %d of %d B runs; peak used heap A %d MB, B %d MB"
                + " (max); live heap after GC A %d MB, B %d MB (max)%n",
                b.stream().filter(r -> r.dropped() > 0).count(), b.size(),
                a.stream().mapToLong(Run::peakHeap).max().orElseThrow() >> 20,
                b.stream().mapToLong(Run::peakHeap).max().orElseThrow() >> 20,
                a.stream().mapToLong(Run::liveHeap).max().orElseThrow() >> 20,
                b.stream().mapToLong(Run::liveHeap).max().orElseThrow() >> 20);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One crawl in a fresh service, with the reading clients and, when {@code stalled}, the one that never reads. */
    private Run run(boolean stalled) throws Exception {
        String seedPeer = sim.seed();
        ScrapeService service = ScrapeService.builder().address(new InetSocketAddress("127.0.0.1", 0))
                .crawl(Network.BITCOIN, () -> Crawlers.bitcoin().seed(seedPeer).loopbackOnly(true))
                .maxCrawls(1).subscriberBuffer(buffer).maxSubscribers(clients + 1).bind();
        List<FeedReader> readers = new ArrayList<>();
        StalledClient stalledClient = null;
        try {
            for (int i = 0; i < clients; i++) {
                readers.add(FeedReader.open(service.address(), i, READ_TIMEOUT));
            }
            String stalledRcvbuf = "-";
            if (stalled) {
                stalledClient = StalledClient.connect(service.address(), rcvbuf);
                stalledRcvbuf = Integer.toString(stalledClient.receiveBuffer());
            }
            awaitSubscribers(service, clients + (stalled ? 1 : 0));

            System.gc();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            HeapSampler heap = HeapSampler.start();
            long cpuBefore = os.getProcessCpuTime();
            long started = System.nanoTime();
            service.startCrawls();
            if (!service.awaitCrawls(1, CRAWL_TIMEOUT)) {
                throw new IllegalStateException("the crawl did not end within " + CRAWL_TIMEOUT);
            }
            double wall = (System.nanoTime() - started) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            long peak = heap.stopAndGetPeak();

            JsonNode stats = stats(service);
            JsonNode latest = stats.at("/networks/0/latest");
            if (!"exhausted".equals(latest.path("stopReason").asText())) {
                throw new IllegalStateException("the crawl stopped for " + latest.path("stopReason")
                        + ", not exhausted");
            }
            double crawlSeconds = latest.path("elapsedSeconds").asDouble();
            long published = stats.at("/feed/published").asLong();
            long dropped = stats.at("/feed/droppedSubscribers").asLong();
            System.gc();
            long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(); // stalled client still on

            if (stalledClient != null) {
                stalledClient.close();
                stalledClient = null;
            }
            service.close(); // ends every feed cleanly
            return new Run(stalled, crawlSeconds, wall, published, complete(readers, published), clients,
                    dropped, stalledRcvbuf, peak, live, cpu);
        } finally {
            if (stalledClient != null) {
                stalledClient.close();
            }
            service.close();
            for (FeedReader r : readers) {
                r.close();
            }
        }
    }

    /** How many readers got a clean end, {@code published} lines, and the same bytes as the first reader. */
    private static int complete(List<FeedReader> readers, long published) throws InterruptedException {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        Long reference = null;
        int complete = 0;
        for (FeedReader r : readers) {
            if (!r.await(Duration.ofNanos(deadline - System.nanoTime()))) {
                System.err.println("a reader was still reading " + READ_TIMEOUT + " after the feed ended");
                continue;
            }
            if (r.outcome() != FeedReader.Outcome.ENDED || r.lines() != published) {
                System.err.printf(Locale.ROOT, "a reader ended %s with %d of %d lines%s%n", r.outcome(), r.lines(),
                        published, r.error() == null ? "" : ": " + r.error());
                continue;
            }
            if (reference == null) {
                reference = r.checksum();
            }
            if (r.checksum() == reference) {
                complete++;
            } else {
                System.err.println("a reader got the lines in another order or with other bytes");
            }
        }
        return complete;
    }

    private static void awaitSubscribers(ScrapeService service, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SUBSCRIBE_TIMEOUT.toNanos();
        while (stats(service).at("/feed/subscribers").asInt() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(n + " feed clients did not connect within " + SUBSCRIBE_TIMEOUT);
            }
            Thread.sleep(20); // polling /stats: the service has no public wait for subscribers
        }
    }

    private static JsonNode stats(ScrapeService service) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(service.uri().resolve("/stats"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("/stats answered " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    /** Ends the process (and with it the simulator, whose stdin then closes) once {@code limit} has passed. */
    private static void watchdog(Duration limit) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("ServeLoadBenchmark: gave up after " + limit);
            System.exit(3);
        }, "watchdog");
        t.setDaemon(true);
        t.start();
    }
}
