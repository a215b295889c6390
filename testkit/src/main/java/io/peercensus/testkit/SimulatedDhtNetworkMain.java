package io.peercensus.testkit;

import io.peercensus.dht.multiformats.PeerId;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a {@link SimulatedDhtNetwork} in its own process (for benchmarks that measure a crawler alone, and the
 * offline demo): starts it from command-line options, prints {@code bootstrap <multiaddr>}, a {@code truth ...}
 * summary and {@code ready} on stdout, then serves until stdin closes.
 *
 * <pre>
 * java -cp ... io.peercensus.testkit.SimulatedDhtNetworkMain --nodes 5000 --seed 42
 * options: --nodes N  --seed N  --protocol /ipfs/kad/1.0.0
 *          --undialable F --dead F --slow F --hostile F --secp256k1 F --rsa F  (fractions 0..1)
 *          --latency-ms N --slow-latency-ms N
 *          --truth FILE (tab-separated ground truth, one node per line)
 *          --edges FILE (tab-separated routing-table entries, one "from to" pair per line)
 * </pre>
 *
 * <p>Not thread-safe; meant to be the process's main.
 */
public final class SimulatedDhtNetworkMain {
    private final SimulatedDhtNetwork.Builder builder = SimulatedDhtNetwork.builder();
    private Path truthFile;
    private Path edgesFile;

    private SimulatedDhtNetworkMain() {
    }

    /** Starts the network, serves until stdin closes; exit status 2 on bad arguments, 1 when it cannot start. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** The whole program with its streams passed in; returns the exit status. */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        SimulatedDhtNetworkMain main = new SimulatedDhtNetworkMain();
        return SimulatorCommand.run("SimulatedDhtNetworkMain", args, main::option, main::start, stdin, out, err);
    }

    private void option(String option, String value) {
        switch (option) {
            case "--nodes" -> builder.nodes(Integer.parseInt(value));
            case "--seed" -> builder.seed(Long.parseLong(value));
            case "--protocol" -> builder.protocolId(value);
            case "--undialable" -> builder.undialableFraction(Double.parseDouble(value));
            case "--dead" -> builder.deadFraction(Double.parseDouble(value));
            case "--slow" -> builder.slowFraction(Double.parseDouble(value));
            case "--hostile" -> builder.hostileFraction(Double.parseDouble(value));
            case "--secp256k1" -> builder.secp256k1Fraction(Double.parseDouble(value));
            case "--rsa" -> builder.rsaFraction(Double.parseDouble(value));
            case "--latency-ms" -> builder.latency(Duration.ofMillis(Long.parseLong(value)));
            case "--slow-latency-ms" -> builder.slowLatency(Duration.ofMillis(Long.parseLong(value)));
            case "--truth" -> truthFile = Path.of(value);
            case "--edges" -> edgesFile = Path.of(value);
            default -> throw new IllegalArgumentException("unknown option " + option);
        }
    }

    /** Starts the network and prints its bootstrap address and a summary of its ground truth; returns what stops it. */
    private Runnable start(PrintStream out) throws IOException {
        long started = System.nanoTime();
        SimulatedDhtNetwork network = builder.start();
        try {
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            DhtGroundTruth truth = network.groundTruth();
            if (truthFile != null) {
                writeTruth(truth, truthFile);
            }
            if (edgesFile != null) {
                writeEdges(truth, edgesFile);
            }
            out.println("bootstrap " + network.bootstrap());
            out.println("truth nodes=" + truth.nodes().size() + " dialable=" + truth.dialable().size()
                    + " discoverable=" + truth.discoverable().size() + " edges=" + truth.edgeCount()
                    + " protocol=" + network.protocolId() + " startedMs=" + millis);
            return network::close;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** One line per node: peer ID, kind, key type, listen address, agent, protocols (comma-separated), table size. */
    private static void writeTruth(DhtGroundTruth truth, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("peerId\tkind\tkeyType\tlistenAddr\tagentVersion\tprotocols\ttableSize\tpresentedPeerId\n");
            for (DhtNodeTruth n : truth.nodes()) {
                w.write(n.peerId() + "\t" + n.kind() + "\t" + n.keyType() + "\t" + n.listenAddrs().get(0) + "\t"
                        + n.agentVersion() + "\t" + String.join(",", n.protocols()) + "\t" + n.routingTable().size()
                        + "\t" + n.presentedPeerId() + "\n");
            }
        }
    }

    /** One line per routing-table entry: the node's peer ID, then the entry's. */
    private static void writeEdges(DhtGroundTruth truth, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("from\tto\n");
            for (DhtNodeTruth n : truth.nodes()) {
                for (PeerId to : n.routingTable()) {
                    w.write(n.peerId() + "\t" + to + "\n");
                }
            }
        }
    }
}
