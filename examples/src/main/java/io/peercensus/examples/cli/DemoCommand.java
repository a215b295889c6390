package io.peercensus.examples.cli;

import io.peercensus.CrawlSummary;
import io.peercensus.CrawlerBuilder;
import io.peercensus.Crawlers;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import io.peercensus.crawl.WaitPolicy;
import io.peercensus.crawl.Waits;
import io.peercensus.dht.DhtCrawler;
import io.peercensus.testkit.SimulatedBitcoinNetwork;
import io.peercensus.testkit.SimulatedDhtNetwork;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peercensus demo}: starts a simulated network in this process and crawls it with the same code
 * path as a real crawl, offline. Loopback addresses only. Not thread-safe.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Crawl a simulated network on 127.0.0.0/8, offline: the real crawler against nodes that are"
                + " slow, silent, dead, hostile or old, with a summary checked against the simulation's ground truth.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--network", paramLabel = "NAME", description = "bitcoin or ipfs (default: ${DEFAULT-VALUE}).")
    String network = "bitcoin";

    @Option(names = "--nodes", paramLabel = "N",
            description = "Nodes in the simulated network (default: 2000 for bitcoin, 500 for ipfs).")
    Integer nodes;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated network (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Mixin
    CrawlOptions options = new CrawlOptions();

    private final PrintStream err = System.err;

    @Override
    public Integer call() {
        int n = nodes != null ? nodes : network.equals("ipfs") ? 500 : 2000;
        if (n < 10 || n > 50_000) {
            throw new IllegalArgumentException("--nodes must be between 10 and 50000, got " + n);
        }
        switch (network) {
            case "bitcoin":
                return bitcoin(n);
            case "ipfs":
                return ipfs(n);
            default:
                throw new IllegalArgumentException("demo --network " + network + ": expected bitcoin or ipfs");
        }
    }

    /** The exit status of the signal that stopped the demo's crawl, 0 when none did. */
    private int stoppedStatus;

    private int bitcoin(int n) {
        err.printf(Locale.ROOT, "starting a simulated Bitcoin network of %d nodes on 127.0.0.0/8 (seed %d)%n", n, seed);
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(n).seed(seed).start()) {
            Set<String> reachable = new HashSet<>();
            net.groundTruth().reachable().forEach(e -> reachable.add(e.canonical()));
            Duration answerWait = crawl(Crawlers.bitcoin().seed(net.seedEndpoints().get(0).canonical()),
                    WaitPolicy.BITCOIN.ip(), reachable, "user agents").answer();
            if (stoppedStatus != 0) {
                return stoppedStatus;
            }
            long late = net.groundTruth().nodes().stream()
                    .filter(t -> t.answerDelay().filter(d -> d.compareTo(answerWait) > 0).isPresent()).count();
            err.printf(Locale.ROOT, "%d of the reachable nodes send their getaddr answer after the %d s answer wait (Core"
                    + " before v22 answers on a 30 s timer): their neighbours are partial (a longer --waits gets them)%n",
                    late, answerWait.toSeconds());
            return 0;
        }
    }

    private int ipfs(int n) {
        err.printf(Locale.ROOT, "starting a simulated IPFS DHT of %d nodes on 127.0.0.0/8 (seed %d)%n", n, seed);
        try (SimulatedDhtNetwork net = SimulatedDhtNetwork.builder().nodes(n).seed(seed).start()) {
            Set<String> dialable = new HashSet<>();
            net.groundTruth().dialable().forEach(id -> dialable.add(id.toString()));
            crawl(Crawlers.dht().network("ipfs").seed(net.bootstrap()).option("protocol", net.protocolId()),
                    DhtCrawler.DEFAULT_WAITS.ip(), dialable, "agent versions");
            return stoppedStatus;
        }
    }

    /** Crawls with short waits, prints what it found against {@code expected}; returns the IP waits it used. */
    private Waits crawl(CrawlerBuilder builder, Waits networkWaits, Set<String> expected, String agentsName) {
        Set<String> found = new HashSet<>();
        Map<String, Integer> agents = new HashMap<>();
        PeerSink tally = peer -> {
            if (peer.status() == PeerStatus.REACHABLE) {
                found.add(peer.peerID());
                agents.merge(peer.agentVersion(), 1, Integer::sum);
            }
        };
        CrawlRun run = new CrawlRun(options, false);
        Waits waits = options.applyToSimulation(builder, networkWaits);
        err.printf(Locale.ROOT, "waits: %s (connect/each message/the whole answer); a real crawl waits %s; set them"
                + " with --waits%n", waits, networkWaits);
        CrawlRun.Stopped stopped = run.runStoppable(run.withProgress(builder.loopbackOnly(true).sink(tally)).build(), false);
        CrawlSummary summary = stopped.summary();
        stoppedStatus = stopped.status();
        long hits = found.stream().filter(expected::contains).count();
        err.printf(Locale.ROOT, "found %d of %d reachable nodes (%.1f%%) in %.1f s%n", hits, expected.size(),
                100.0 * hits / Math.max(1, expected.size()), summary.duration().toMillis() / 1000.0);
        err.println("top " + agentsName + ":");
        agents.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                .forEach(e -> err.printf(Locale.ROOT, "  %6d  %s%n", e.getValue(), printable(e.getKey())));
        return waits;
    }

    private static String printable(String agent) {
        StringBuilder b = new StringBuilder();
        agent.codePoints().limit(60).forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
