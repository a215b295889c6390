package io.peercensus.bench.crawl;

import io.peercensus.Crawlers;
import io.peercensus.crawl.CrawlSettings;
import io.peercensus.crawl.EdgePolicy;
import io.peercensus.crawl.WaitPolicy;
import io.peercensus.internal.crawl.ProbeThreads;
import java.util.List;
import java.util.Locale;

/**
 * The crawl benchmark of issue 3: a simulated Bitcoin network of the classic mix (10,000 nodes by default: 30%
 * dead, 2% tarpits, 5% hostile, 50 ms per message; {@code --mix classic}) in a child process, every wait capped
 * at 5 s, crawled at the default settings and,
 * side by side in the same run, at the other concurrencies given. Prints wall time, recall, nodes per
 * second, CPU per reachable node and peak heap for each.
 *
 * <p>Run after {@code mvn package}: {@code java -Xmx256m -cp bench/target/benchmarks.jar
 * io.peercensus.bench.crawl.BitcoinCrawlBenchmark [--nodes N] [--seed N] [--answer-size N] [--warm-up N]
 * [--concurrency N,N,...]}. {@code --answer-size} is the most addresses a node returns to getaddr (Bitcoin Core:
 * 1000, the default). {@code --warm-up N} (default 3) first crawls N fresh simulators, unmeasured, at the default
 * concurrency: in a fresh JVM they include the JIT compilation of the crawl's code. {@code --mix realistic} crawls
 * the simulator's real-world mix (issue 11: Core's 30 s trickle, split answers, late versions, ...) at the default
 * waits (3 / 30 / 70 s) instead; each row's comment then says when 99% of the nodes had completed their handshake. The rows after them say {@code
 * warm JVM}; {@code --warm-up 0} measures a cold JVM.
 */
public final class BitcoinCrawlBenchmark {
    /**
     * The classic mix is crawled as before issue 11, every wait capped at 5 s: its nodes answer within that, and its
     * figures stay comparable with the earlier rows of docs/BENCHMARKS.md.
     */
    private static final java.time.Duration OLD_WAITS = java.time.Duration.ofSeconds(5);
    private static final String USAGE = "[--mix classic|realistic] [--nodes N] [--seed N] [--answer-size N] [--warm-up N]"
            + " [--concurrency N,N,...] [--edges none|reachable|all]";

    private BitcoinCrawlBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the options. */
    public static void main(String[] args) throws java.io.IOException, InterruptedException {
        Options o = new Options();
        CrawlMeasurement.parseOptions("BitcoinCrawlBenchmark", USAGE, args, o::set);
        boolean classic = o.mix.equals("classic");
        List<String> simulator = classic
                ? List.of("--mix", "classic", "--nodes", Integer.toString(o.nodes), "--seed", Long.toString(o.seed),
                        "--dead", "0.30", "--tarpit", "0.02", "--hostile", "0.05", "--latency-ms", "50",
                        "--answer-size", Integer.toString(o.answerSize))
                : List.of("--mix", "realistic", "--nodes", Integer.toString(o.nodes), "--seed", Long.toString(o.seed),
                        "--answer-size", Integer.toString(o.answerSize));
        System.out.printf(Locale.ROOT, "# %s, edges %s, JDK %s, %d cores, max heap %d MB, %s threads%n",
                String.join(" ", simulator), o.edges.label(),
                Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ProbeThreads.virtual() ? "virtual" : "platform");
        CrawlMeasurement.printTable(o.warmUps, CrawlSettings.DEFAULT_CONCURRENCY, o.concurrencies, () -> SimulatorProcess.bitcoin(simulator),
                sim -> (classic ? Crawlers.bitcoin().seed(sim).timeout(OLD_WAITS) : Crawlers.bitcoin().seed(sim))
                        .edges(o.edges),
                sim -> new CrawlMeasurement.AnswerCheck(sim.answers(),
                        classic ? OLD_WAITS : WaitPolicy.BITCOIN.ip().answer()));
    }

    /** The options and their defaults. */
    private static final class Options {
        int nodes = 10_000;
        long seed = 42;
        int answerSize = 1000;
        int warmUps = 3;
        String mix = "classic";
        List<Integer> concurrencies = List.of(CrawlSettings.DEFAULT_CONCURRENCY);
        /** The edges handed to the (edge-ignoring) sink: the crawl's default unless {@code --edges} says. */
        EdgePolicy edges = CrawlSettings.defaults().edges();

        void set(String option, String value) {
            switch (option) {
                case "--nodes" -> nodes = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--answer-size" -> answerSize = Integer.parseInt(value);
                case "--warm-up" -> warmUps = Integer.parseInt(value);
                case "--mix" -> {
                    if (!value.equals("classic") && !value.equals("realistic")) {
                        throw new IllegalArgumentException("--mix must be classic or realistic, got " + value);
                    }
                    mix = value;
                }
                case "--concurrency" -> concurrencies = CrawlMeasurement.concurrencies(value);
                case "--edges" -> edges = EdgePolicy.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
    }
}
