package io.peercensus.bench.crawl;

import io.peercensus.Crawlers;
import io.peercensus.internal.crawl.ProbeThreads;
import java.util.List;
import java.util.Locale;

/**
 * The crawl benchmark of issue 4: a simulated IPFS DHT (5,000 nodes by default, with the simulator's
 * default mix of black holes, dead ports, slow and hostile nodes) in a child process, crawled through
 * {@code Crawlers.dht()} at its default concurrency and, side by side in the same run, at the others
 * given.
 *
 * <p>Run after {@code mvn package}: {@code java -Xmx512m -cp bench/target/benchmarks.jar
 * io.peercensus.bench.crawl.DhtCrawlBenchmark [--nodes N] [--seed N] [--concurrency N,N,...] [--warm-up N]}.
 * {@code --warm-up N} (default 3; 0 measures a cold JVM) first crawls N fresh simulators, unmeasured, at the first
 * concurrency, so that the rows after it measure a JIT-compiled crawler; the rows say {@code warm} or
 * {@code cold}.
 */
public final class DhtCrawlBenchmark {
    private static final String USAGE = "[--nodes N] [--seed N] [--warm-up N] [--concurrency N,N,...]";

    private DhtCrawlBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the options. */
    public static void main(String[] args) throws java.io.IOException, InterruptedException {
        Options o = new Options();
        CrawlMeasurement.parseOptions("DhtCrawlBenchmark", USAGE, args, o::set);
        List<String> simulator = List.of("--nodes", Integer.toString(o.nodes), "--seed", Long.toString(o.seed));
        System.out.printf(Locale.ROOT, "# simulated DHT %s, JDK %s, %d cores, max heap %d MB, %s threads%n",
                String.join(" ", simulator), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, ProbeThreads.virtual() ? "virtual" : "platform");
        // Every wait capped at 5 s, as before issue 11 (conversations then last at most 20 s): rows stay comparable.
        CrawlMeasurement.printTable(o.warmUps, o.concurrencies.get(0), o.concurrencies, () -> SimulatorProcess.dht(simulator),
                sim -> Crawlers.dht().seed(sim).timeout(java.time.Duration.ofSeconds(5)));
    }

    /** The options and their defaults. */
    private static final class Options {
        int nodes = 5_000;
        long seed = 42;
        int warmUps = 3; // the JIT compiles about 6,500 methods in crawl 1, 480 in crawl 2, 190 in crawl 3
        List<Integer> concurrencies = List.of(Crawlers.DHT_DEFAULT_CONCURRENCY);

        void set(String option, String value) {
            switch (option) {
                case "--nodes" -> nodes = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--warm-up" -> warmUps = Integer.parseInt(value);
                case "--concurrency" -> concurrencies = CrawlMeasurement.concurrencies(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
    }
}
