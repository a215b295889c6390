package io.peercensus.examples.cli;

import io.peercensus.CrawlSummary;
import io.peercensus.Crawlers;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import io.peercensus.testkit.SimulatedBitcoinNetwork;
import java.io.PrintStream;
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

    @Option(names = "--network", paramLabel = "NAME", description = "bitcoin (default: ${DEFAULT-VALUE}).")
    String network = "bitcoin";

    @Option(names = "--nodes", paramLabel = "N", description = "Nodes in the simulated network (default: ${DEFAULT-VALUE}).")
    int nodes = 2000;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated network (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Mixin
    CrawlOptions options = new CrawlOptions();

    @Override
    public Integer call() {
        if (!network.equals("bitcoin")) {
            throw new IllegalArgumentException("demo --network " + network
                    + ": only 'bitcoin' is simulated so far");
        }
        if (nodes < 10 || nodes > 50_000) {
            throw new IllegalArgumentException("--nodes must be between 10 and 50000, got " + nodes);
        }
        PrintStream err = System.err;
        err.printf(Locale.ROOT, "starting a simulated Bitcoin network of %d nodes on 127.0.0.0/8 (seed %d)%n", nodes, seed);
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(nodes).seed(seed).start()) {
            Set<String> reachable = new HashSet<>();
            net.groundTruth().reachable().forEach(e -> reachable.add(e.canonical()));
            Set<String> found = new HashSet<>();
            Map<String, Integer> agents = new HashMap<>();
            PeerSink tally = peer -> {
                if (peer.status() == PeerStatus.REACHABLE) {
                    found.add(peer.peerID());
                    agents.merge(peer.agentVersion(), 1, Integer::sum);
                }
            };
            CrawlRun run = new CrawlRun(options, false);
            var builder = options.applyTo(Crawlers.bitcoin()).seed(net.seedEndpoints().get(0).canonical())
                    .loopbackOnly(true).sink(tally);
            CrawlSummary summary = run.runOnce(run.withProgress(builder).build(), false);
            long hits = found.stream().filter(reachable::contains).count();
            err.printf(Locale.ROOT, "found %d of %d reachable nodes (%.1f%%) in %.1f s%n", hits, reachable.size(),
                    100.0 * hits / Math.max(1, reachable.size()), summary.duration().toMillis() / 1000.0);
            err.println("top user agents:");
            agents.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                    .forEach(e -> err.printf(Locale.ROOT, "  %6d  %s%n", e.getValue(), printable(e.getKey())));
        }
        return 0;
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
