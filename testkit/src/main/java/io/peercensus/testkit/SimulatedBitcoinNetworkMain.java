package io.peercensus.testkit;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.BitcoinNetworkParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Runs a {@link SimulatedBitcoinNetwork} in its own process (for benchmarks that measure a crawler alone, and the
 * offline demo): starts it from command-line options, prints {@code seed <endpoint>} lines, a {@code truth ...}
 * summary and {@code ready} on stdout, then serves until stdin closes.
 *
 * <pre>
 * java -cp ... io.peercensus.testkit.SimulatedBitcoinNetworkMain --nodes 10000 --seed 42 --latency-ms 50
 * options: --nodes N  --seed N  --network mainnet|testnet3|testnet4|signet|regtest
 *          --dead F --tarpit F --black-hole F --hostile F --old F --slow F --never-answers F --odd-agent F
 *          --onion F --i2p F --cjdns F  (fractions 0..1)
 *          --latency-ms N --addr-delay-ms N --slow-latency-ms N --slow-addr-delay-ms N
 *          --answer-size N --threads N --truth FILE (tab-separated ground truth, one node per line)
 * </pre>
 *
 * <p>Not thread-safe; meant to be the process's main.
 */
public final class SimulatedBitcoinNetworkMain {
    private final SimulatedBitcoinNetwork.Builder builder = SimulatedBitcoinNetwork.builder();
    private Path truthFile;

    private SimulatedBitcoinNetworkMain() {
    }

    /** Starts the network, serves until stdin closes; exit status 2 on bad arguments, 1 when it cannot start. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** The whole program with its streams passed in; returns the exit status. */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        SimulatedBitcoinNetworkMain main = new SimulatedBitcoinNetworkMain();
        return SimulatorCommand.run("SimulatedBitcoinNetworkMain", args, main::option, main::start, stdin, out, err);
    }

    private void option(String option, String value) {
        switch (option) {
            case "--nodes" -> builder.nodes(Integer.parseInt(value));
            case "--seed" -> builder.seed(Long.parseLong(value));
            case "--network" -> builder.network(BitcoinNetworkParams.valueOf(value.toUpperCase(Locale.ROOT)));
            case "--dead" -> builder.deadFraction(Double.parseDouble(value));
            case "--tarpit" -> builder.tarpitFraction(Double.parseDouble(value));
            case "--black-hole" -> builder.blackHoleFraction(Double.parseDouble(value));
            case "--hostile" -> builder.hostileFraction(Double.parseDouble(value));
            case "--old" -> builder.oldNodeFraction(Double.parseDouble(value));
            case "--slow" -> builder.slowFraction(Double.parseDouble(value));
            case "--never-answers" -> builder.neverAnswersGetaddrFraction(Double.parseDouble(value));
            case "--odd-agent" -> builder.oddAgentFraction(Double.parseDouble(value));
            case "--onion" -> builder.onionFraction(Double.parseDouble(value));
            case "--i2p" -> builder.i2pFraction(Double.parseDouble(value));
            case "--cjdns" -> builder.cjdnsFraction(Double.parseDouble(value));
            case "--latency-ms" -> builder.messageLatency(Duration.ofMillis(Long.parseLong(value)));
            case "--addr-delay-ms" -> builder.addrReplyDelay(Duration.ofMillis(Long.parseLong(value)));
            case "--slow-latency-ms" -> builder.slowLatency(Duration.ofMillis(Long.parseLong(value)));
            case "--slow-addr-delay-ms" -> builder.slowAddrReplyDelay(Duration.ofMillis(Long.parseLong(value)));
            case "--answer-size" -> builder.addrAnswerSize(Integer.parseInt(value));
            case "--threads" -> builder.selectorThreads(Integer.parseInt(value));
            case "--truth" -> truthFile = Path.of(value);
            default -> throw new IllegalArgumentException("unknown option " + option);
        }
    }

    /** Starts the network and prints its seeds and a summary of its ground truth; returns what stops it. */
    private Runnable start(PrintStream out) throws IOException {
        long started = System.nanoTime();
        SimulatedBitcoinNetwork network = builder.start();
        try {
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            BitcoinGroundTruth truth = network.groundTruth();
            if (truthFile != null) {
                writeTruth(truth, truthFile);
            }
            for (Endpoint seed : network.seedEndpoints()) {
                out.println("seed " + seed.canonical());
            }
            out.println("truth nodes=" + truth.nodes().size() + " reachable=" + truth.reachable().size()
                    + " nonIp=" + truth.nonIpAddresses().size() + " network=" + network.params().name().toLowerCase(Locale.ROOT)
                    + " startedMs=" + millis);
            return network::close;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Writes one line per node: endpoint, kind, version, services (hex), user agent (hex), height, relay, answer size. */
    private static void writeTruth(BitcoinGroundTruth truth, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("endpoint\tkind\tversion\tservices\tuserAgentHex\tstartHeight\trelay\tannounces\n");
            for (BitcoinNodeTruth n : truth.nodes()) {
                w.write(n.endpoint().canonical() + "\t" + n.kind());
                if (n.version().isPresent()) {
                    AnnouncedVersion v = n.version().get();
                    w.write("\t" + v.version() + "\t" + Long.toHexString(v.services()) + "\t"
                            + HexFormat.of().formatHex(v.userAgent()) + "\t" + v.startHeight() + "\t"
                            + v.relay().map(String::valueOf).orElse("absent"));
                } else {
                    w.write("\t\t\t\t\t");
                }
                w.write("\t" + n.announces().size() + "\n");
            }
        }
    }
}
