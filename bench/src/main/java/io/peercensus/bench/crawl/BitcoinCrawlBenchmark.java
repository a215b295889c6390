package io.peercensus.bench.crawl;

import io.peercensus.CrawlSummary;
import io.peercensus.Crawlers;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import io.peercensus.crawl.CrawlSettings;
import io.peercensus.internal.crawl.ProbeThreads;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The crawl benchmark of issue 3: a simulated Bitcoin network (10,000 nodes by default: 30% dead, 2%
 * tarpits, 5% hostile, 50 ms per message) in a child process, crawled at the default settings and,
 * side by side in the same run, at the other concurrencies given. Prints wall time, recall, nodes per
 * second, CPU per reachable node and peak heap for each.
 *
 * <p>Run after {@code mvn package}: {@code java -Xmx256m -cp bench/target/benchmarks.jar
 * io.peercensus.bench.crawl.BitcoinCrawlBenchmark [--nodes N] [--seed N] [--answer-size N] [--concurrency N,N,...]}.
 * {@code --answer-size} is the most addresses a node returns to getaddr (Bitcoin Core: 1000, the default).
 */
public final class BitcoinCrawlBenchmark {

    private BitcoinCrawlBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        int nodes = 10_000;
        long seed = 42;
        int answerSize = 1000;
        List<Integer> concurrencies = new ArrayList<>(List.of(CrawlSettings.DEFAULT_CONCURRENCY));
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--answer-size" -> answerSize = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> {
                    concurrencies.clear();
                    for (String c : args[i + 1].split(",")) {
                        concurrencies.add(Integer.parseInt(c.strip()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> simulator = List.of("--nodes", Integer.toString(nodes), "--seed", Long.toString(seed),
                "--dead", "0.30", "--tarpit", "0.02", "--hostile", "0.05", "--latency-ms", "50",
                "--answer-size", Integer.toString(answerSize));
        System.out.printf(Locale.ROOT, "# %s, JDK %s, %d cores, max heap %d MB, %s threads%n", String.join(" ", simulator),
                Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ProbeThreads.virtual() ? "virtual" : "platform");
        System.out.println("| concurrency | wall s | reachable found / expected | nodes/s | CPU ms per reachable | peak used heap MB |");
        System.out.println("|---|---|---|---|---|---|");
        for (int concurrency : concurrencies) {
            try (SimulatorProcess sim = SimulatorProcess.start(simulator)) {
                System.out.println(run(sim, concurrency));
            }
        }
    }

    /** This process's user and kernel CPU in clock ticks of 10 ms (Linux {@code /proc/self/stat}); zeros elsewhere. */
    private static long[] userSystemTicks() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[2];
        }
    }

    private static String run(SimulatorProcess sim, int concurrency) throws InterruptedException {
        Set<String> found = new HashSet<>();
        PeerSink sink = peer -> {
            if (peer.status() == PeerStatus.REACHABLE) {
                found.add(peer.peerID());
            }
        };
        System.gc();
        HeapSampler heap = HeapSampler.start();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long[] ticksBefore = userSystemTicks();
        CrawlSummary summary = Crawlers.bitcoin().seed(sim.seed()).loopbackOnly(true).concurrency(concurrency).run(sink);
        long cpuNanos = os.getProcessCpuTime() - cpuBefore;
        long[] ticksAfter = userSystemTicks();
        long peakHeap = heap.stopAndGetPeak();
        Set<String> expected = sim.reachable();
        long hits = found.stream().filter(expected::contains).count();
        double wall = summary.duration().toNanos() / 1e9;
        return String.format(Locale.ROOT, "| %d | %.1f | %d / %d (%.1f%%) | %.0f | %.3f (user %.3f, kernel %.3f) | %d |",
                concurrency, wall, hits, expected.size(), 100.0 * hits / expected.size(), summary.dialed() / wall,
                cpuNanos / 1e6 / Math.max(1, hits), (ticksAfter[0] - ticksBefore[0]) * 10.0 / Math.max(1, hits),
                (ticksAfter[1] - ticksBefore[1]) * 10.0 / Math.max(1, hits), peakHeap >> 20);
    }
}
