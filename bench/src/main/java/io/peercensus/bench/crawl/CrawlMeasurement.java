package io.peercensus.bench.crawl;

import io.peercensus.CrawlSummary;
import io.peercensus.CrawlerBuilder;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * One measured crawl of a simulated network, as a Markdown table row: wall time, recall against the
 * ground truth, nodes dialed per second, process CPU (user and kernel) per reachable node, and peak used
 * heap ({@link HeapSampler}); after the table, a comment line per row says which threads the CPU went to
 * ({@link ThreadCpu}). Shared by the crawl benchmarks. Not thread-safe.
 */
final class CrawlMeasurement {
    /** The table's header. */
    static final String HEADER = "| concurrency | wall s | reachable found / expected | nodes/s | CPU ms per reachable"
            + " | peak used heap MB |\n|---|---|---|---|---|---|";

    /** How to check the answers of a crawl of a simulator, or null for none. */
    @FunctionalInterface
    interface Answers {
        AnswerCheck of(SimulatorProcess sim);
    }

    /** Starts a fresh simulated network in a child JVM, for one crawl. */
    @FunctionalInterface
    interface Simulator {
        SimulatorProcess start() throws java.io.IOException;
    }

    private CrawlMeasurement() {
    }

    /**
     * Crawls {@code warmUps} fresh simulators unmeasured at {@code warmUpConcurrency}, printing each as a comment,
     * then prints the table: one crawl of a fresh simulator per concurrency, its row saying whether the JVM was
     * warm or cold.
     *
     * @param crawler the crawler of a simulator, from its seed
     */
    static void printTable(int warmUps, int warmUpConcurrency, List<Integer> concurrencies, Simulator simulator,
            Function<String, CrawlerBuilder> crawler) throws java.io.IOException, InterruptedException {
        printTable(warmUps, warmUpConcurrency, concurrencies, simulator, crawler, sim -> null);
    }

    /** As the other {@code printTable}, checking each crawl's answers with {@code answers}. */
    static void printTable(int warmUps, int warmUpConcurrency, List<Integer> concurrencies, Simulator simulator,
            Function<String, CrawlerBuilder> crawler, Answers answers) throws java.io.IOException, InterruptedException {
        for (int i = 0; i < warmUps; i++) {
            try (SimulatorProcess sim = simulator.start()) {
                Row row = row(crawler.apply(sim.seed()), sim.reachable(), warmUpConcurrency, answers.of(sim));
                System.out.println("# warm-up " + (i + 1) + " of " + warmUps + ": " + row.table());
            }
        }
        String jvm = warmUps == 0 ? " (cold JVM)" : " (warm JVM)";
        System.out.println(HEADER);
        List<String> threads = new ArrayList<>();
        for (int concurrency : concurrencies) {
            try (SimulatorProcess sim = simulator.start()) {
                Row row = row(crawler.apply(sim.seed()), sim.reachable(), concurrency, answers.of(sim));
                String first = "| " + concurrency;
                System.out.println(first + jvm + row.table().substring(first.length())); // "| 200 (warm JVM) | ..."
                threads.add("# row " + (threads.size() + 1) + ", CPU ms per reachable by thread: " + row.threads());
            }
        }
        System.out.println();
        threads.forEach(System.out::println);
    }

    /**
     * The answers a Bitcoin crawl must get whole: every node whose answer the ground truth sends within {@code answerWait}
     * less a second (the loop's check interval and the loopback), with how many others it names ({@link
     * SimulatorProcess#answers()}).
     */
    record AnswerCheck(java.util.Map<String, long[]> answers, java.time.Duration answerWait) {
        /** Compares the neighbours of each reachable observation with its node's answer. */
        String verdict(java.util.Map<String, Integer> neighbours) {
            long insideMs = answerWait.toMillis() - 1000;
            int inside = 0;
            int whole = 0;
            int outside = 0;
            List<String> tooShort = new ArrayList<>();
            for (java.util.Map.Entry<String, long[]> a : answers.entrySet()) {
                long delay = a.getValue()[0];
                if (delay <= insideMs) {
                    inside++;
                    Integer got = neighbours.get(a.getKey());
                    if (got != null && got == a.getValue()[1]) {
                        whole++;
                    } else if (tooShort.size() < 3) {
                        tooShort.add(a.getKey() + " " + got + " of " + a.getValue()[1]);
                    }
                } else if (delay > answerWait.toMillis()) {
                    outside++;
                }
            }
            return String.format(Locale.ROOT, "answers inside the %d s wait: %d of %d whole (%.1f%%)%s; answers sent"
                    + " after it: %d", answerWait.toSeconds(), whole, inside, 100.0 * whole / Math.max(1, inside),
                    tooShort.isEmpty() ? "" : " (short: " + String.join(", ", tooShort) + ")", outside);
        }
    }

    /** One measured crawl: its table row, and where its CPU went by thread ({@link ThreadCpu}). */
    record Row(String table, String threads) {
    }

    /**
     * Hands each {@code --name value} pair of {@code args} to {@code option}, which throws {@link
     * IllegalArgumentException} for an unknown name or a bad value. {@code --help} prints {@code usage} and exits 0; a
     * bad option prints one line and exits with status 2.
     */
    static void parseOptions(String program, String usage, String[] args, java.util.function.BiConsumer<String, String> option) {
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (args[i].equals("--help")) {
                    System.out.println("usage: " + program + " " + usage);
                    System.exit(0);
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                try {
                    option.accept(args[i], args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("option " + args[i] + ": not a number: " + args[i + 1], e);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(program + ": " + e.getMessage() + "; usage: " + program + " " + usage);
            System.exit(2);
        }
    }

    /** The concurrencies of a {@code --concurrency 200,1000} option. */
    static List<Integer> concurrencies(String option) {
        List<Integer> list = new ArrayList<>();
        for (String c : option.split(",")) {
            int concurrency = Integer.parseInt(c.strip());
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
            }
            list.add(concurrency);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("--concurrency needs at least one value");
        }
        return list;
    }

    /** Crawls with {@code builder} (loopback only, at {@code concurrency}) and measures it against {@code expected}. */
    static Row row(CrawlerBuilder builder, Set<String> expected, int concurrency) throws InterruptedException {
        return row(builder, expected, concurrency, null);
    }

    /** As {@link #row(CrawlerBuilder, Set, int)}, checking the answers too when {@code answers} is not null. */
    static Row row(CrawlerBuilder builder, Set<String> expected, int concurrency, AnswerCheck answers)
            throws InterruptedException {
        Set<String> found = new HashSet<>();
        java.util.Map<String, Integer> neighbours = new java.util.HashMap<>();
        PeerSink sink = peer -> {
            if (peer.status() == PeerStatus.REACHABLE) {
                found.add(peer.peerID());
                neighbours.put(peer.peerID(), peer.neighbours() == null ? 0 : peer.neighbours());
            }
        };
        long[] ninetyNine = {-1};
        builder.listener(new io.peercensus.CrawlListener() {
            @Override
            public void progress(io.peercensus.CrawlProgress p) {
                if (ninetyNine[0] < 0 && p.handshakes() * 100 >= expected.size() * 99L) {
                    ninetyNine[0] = p.elapsed().toSeconds(); // progress comes once a second
                }
            }
        });
        System.gc();
        ThreadCpu threadsBefore = ThreadCpu.snapshot();
        HeapSampler heap = HeapSampler.start();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long[] ticksBefore = userSystemTicks();
        CrawlSummary summary = builder.loopbackOnly(true).concurrency(concurrency).run(sink);
        long cpuNanos = os.getProcessCpuTime() - cpuBefore;
        long[] ticksAfter = userSystemTicks();
        long peakHeap = heap.stopAndGetPeak();
        ThreadCpu threadsAfter = ThreadCpu.snapshot();
        long hits = found.stream().filter(expected::contains).count();
        double wall = summary.duration().toNanos() / 1e9;
        String table = String.format(Locale.ROOT, "| %d | %.1f | %d / %d (%.1f%%) | %.0f | %.3f (user %.3f, kernel %.3f) | %d |",
                concurrency, wall, hits, expected.size(), 100.0 * hits / expected.size(), summary.dialed() / wall,
                cpuNanos / 1e6 / Math.max(1, hits), (ticksAfter[0] - ticksBefore[0]) * 10.0 / Math.max(1, hits),
                (ticksAfter[1] - ticksBefore[1]) * 10.0 / Math.max(1, hits), peakHeap >> 20);
        String firstNinetyNine = ninetyNine[0] < 0 ? "not within the crawl" : "within " + (ninetyNine[0] + 1) + " s";
        return new Row(table, threadsAfter.since(threadsBefore, hits) + "; 99% of the expected nodes past their handshake "
                + firstNinetyNine + (answers == null ? "" : "; " + answers.verdict(neighbours))
                + "; conversations ended " + summary.endings());
    }

    /** This process's user and kernel CPU in clock ticks of 10 ms (Linux {@code /proc/self/stat}); zeros elsewhere. */
    private static long[] userSystemTicks() {
        try {
            return ThreadCpu.userKernelTicks(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat")));
        } catch (java.io.IOException | RuntimeException e) {
            return new long[2];
        }
    }
}
