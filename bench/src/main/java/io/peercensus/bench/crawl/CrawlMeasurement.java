package io.peercensus.bench.crawl;

import io.peercensus.CrawlSummary;
import io.peercensus.CrawlerBuilder;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One measured crawl of a simulated network, as a Markdown table row: wall time, recall against the
 * ground truth, nodes dialed per second, process CPU (user and kernel) per reachable node, and peak used
 * heap sampled every 10 ms. Shared by the crawl benchmarks. Not thread-safe.
 */
final class CrawlMeasurement {
    /** The table's header. */
    static final String HEADER = "| concurrency | wall s | reachable found / expected | nodes/s | CPU ms per reachable"
            + " | peak used heap MB |\n|---|---|---|---|---|---|";

    private CrawlMeasurement() {
    }

    /** Crawls with {@code builder} (loopback only, at {@code concurrency}) and measures it against {@code expected}. */
    static String row(CrawlerBuilder builder, Set<String> expected, int concurrency) throws InterruptedException {
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
        CrawlSummary summary = builder.loopbackOnly(true).concurrency(concurrency).run(sink);
        long cpuNanos = os.getProcessCpuTime() - cpuBefore;
        long[] ticksAfter = userSystemTicks();
        long peakHeap = heap.stopAndGetPeak();
        long hits = found.stream().filter(expected::contains).count();
        double wall = summary.duration().toNanos() / 1e9;
        return String.format(Locale.ROOT, "| %d | %.1f | %d / %d (%.1f%%) | %.0f | %.3f (user %.3f, kernel %.3f) | %d |",
                concurrency, wall, hits, expected.size(), 100.0 * hits / expected.size(), summary.dialed() / wall,
                cpuNanos / 1e6 / Math.max(1, hits), (ticksAfter[0] - ticksBefore[0]) * 10.0 / Math.max(1, hits),
                (ticksAfter[1] - ticksBefore[1]) * 10.0 / Math.max(1, hits), peakHeap >> 20);
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
}
