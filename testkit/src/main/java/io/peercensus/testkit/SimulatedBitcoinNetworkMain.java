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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs a {@link SimulatedBitcoinNetwork} in its own process (for benchmarks that measure a crawler alone, and the
 * offline demo): starts it from command-line options, prints {@code seed <endpoint>} lines, a {@code truth ...}
 * summary and {@code ready} on stdout, then serves until stdin closes.
 *
 * <pre>
 * java -cp ... io.peercensus.testkit.SimulatedBitcoinNetworkMain --nodes 10000 --seed 42 --latency-ms 50
 * options: --nodes N  --seed N  --network mainnet|testnet3|testnet4|signet|regtest
 *          --mix realistic|classic  (classic: the network of earlier releases; see Builder.classicMix)
 *          --dead F --tarpit F --black-hole F --hostile F --old F --slow F --never-answers F --odd-agent F
 *          --trickle F --split-answer F --gossip-first F --late-version F --bad-checksum-after-handshake F
 *          --hostile-after-handshake F --onion F --i2p F --cjdns F  (fractions 0..1)
 *          --latency-ms N --addr-delay-ms N --slow-latency-ms N --slow-addr-delay-ms N --trickle-mean-ms N
 *          --answer-size N --threads N --truth FILE (tab-separated ground truth, one node per line)
 * </pre>
 *
 * <p>{@code --mix} applies first wherever it stands, so the other options change the mix it chose.
 *
 * <p>Not thread-safe; meant to be the process's main.
 */
public final class SimulatedBitcoinNetworkMain {
    private final List<Consumer<SimulatedBitcoinNetwork.Builder>> settings = new ArrayList<>();
    private boolean classicMix;
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
            case "--mix" -> classicMix = switch (value) {
                case "classic" -> true;
                case "realistic" -> false;
                default -> throw new IllegalArgumentException("--mix must be realistic or classic, got " + value);
            };
            case "--nodes" -> set(Integer.parseInt(value), SimulatedBitcoinNetwork.Builder::nodes);
            case "--seed" -> set(Long.parseLong(value), SimulatedBitcoinNetwork.Builder::seed);
            case "--network" -> set(BitcoinNetworkParams.valueOf(value.toUpperCase(Locale.ROOT)),
                    SimulatedBitcoinNetwork.Builder::network);
            case "--dead" -> fraction(value, SimulatedBitcoinNetwork.Builder::deadFraction);
            case "--tarpit" -> fraction(value, SimulatedBitcoinNetwork.Builder::tarpitFraction);
            case "--black-hole" -> fraction(value, SimulatedBitcoinNetwork.Builder::blackHoleFraction);
            case "--hostile" -> fraction(value, SimulatedBitcoinNetwork.Builder::hostileFraction);
            case "--old" -> fraction(value, SimulatedBitcoinNetwork.Builder::oldNodeFraction);
            case "--slow" -> fraction(value, SimulatedBitcoinNetwork.Builder::slowFraction);
            case "--never-answers" -> fraction(value, SimulatedBitcoinNetwork.Builder::neverAnswersGetaddrFraction);
            case "--odd-agent" -> fraction(value, SimulatedBitcoinNetwork.Builder::oddAgentFraction);
            case "--trickle" -> fraction(value, SimulatedBitcoinNetwork.Builder::trickleFraction);
            case "--split-answer" -> fraction(value, SimulatedBitcoinNetwork.Builder::splitAnswerFraction);
            case "--gossip-first" -> fraction(value, SimulatedBitcoinNetwork.Builder::gossipFirstFraction);
            case "--late-version" -> fraction(value, SimulatedBitcoinNetwork.Builder::lateVersionFraction);
            case "--bad-checksum-after-handshake" ->
                    fraction(value, SimulatedBitcoinNetwork.Builder::badChecksumAfterHandshakeFraction);
            case "--hostile-after-handshake" ->
                    fraction(value, SimulatedBitcoinNetwork.Builder::hostileAfterHandshakeFraction);
            case "--onion" -> fraction(value, SimulatedBitcoinNetwork.Builder::onionFraction);
            case "--i2p" -> fraction(value, SimulatedBitcoinNetwork.Builder::i2pFraction);
            case "--cjdns" -> fraction(value, SimulatedBitcoinNetwork.Builder::cjdnsFraction);
            case "--latency-ms" -> millis(value, SimulatedBitcoinNetwork.Builder::messageLatency);
            case "--addr-delay-ms" -> millis(value, SimulatedBitcoinNetwork.Builder::addrReplyDelay);
            case "--slow-latency-ms" -> millis(value, SimulatedBitcoinNetwork.Builder::slowLatency);
            case "--slow-addr-delay-ms" -> millis(value, SimulatedBitcoinNetwork.Builder::slowAddrReplyDelay);
            case "--trickle-mean-ms" -> millis(value, SimulatedBitcoinNetwork.Builder::trickleMean);
            case "--answer-size" -> set(Integer.parseInt(value), SimulatedBitcoinNetwork.Builder::addrAnswerSize);
            case "--threads" -> set(Integer.parseInt(value), SimulatedBitcoinNetwork.Builder::selectorThreads);
            case "--truth" -> truthFile = Path.of(value);
            default -> throw new IllegalArgumentException("unknown option " + option);
        }
    }

    /** Keeps a setting, its value parsed now (so a bad one is reported as a bad argument), for {@link #start}. */
    private <T> void set(T value, BiConsumer<SimulatedBitcoinNetwork.Builder, T> setter) {
        settings.add(b -> setter.accept(b, value));
    }

    private void fraction(String value, BiConsumer<SimulatedBitcoinNetwork.Builder, Double> setter) {
        set(Double.parseDouble(value), setter);
    }

    private void millis(String value, BiConsumer<SimulatedBitcoinNetwork.Builder, Duration> setter) {
        set(Duration.ofMillis(Long.parseLong(value)), setter);
    }

    /** A builder with the mix chosen, then every other option in the order given. */
    private SimulatedBitcoinNetwork.Builder builder() {
        SimulatedBitcoinNetwork.Builder builder = SimulatedBitcoinNetwork.builder();
        if (classicMix) {
            builder.classicMix();
        }
        settings.forEach(s -> s.accept(builder));
        return builder;
    }

    /** Starts the network and prints its seeds and a summary of its ground truth; returns what stops it. */
    private Runnable start(PrintStream out) throws IOException {
        long started = System.nanoTime();
        SimulatedBitcoinNetwork network = builder().start();
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

    /**
     * Writes one line per node: endpoint, kind, version, services (hex), user agent (hex), height, relay, answer
     * size, whether it handshakes, and the answer delay in milliseconds (empty when it never answers).
     */
    private static void writeTruth(BitcoinGroundTruth truth, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("endpoint\tkind\tversion\tservices\tuserAgentHex\tstartHeight\trelay\tannounces\thandshakes"
                    + "\tanswerDelayMs\tadvertisedOthers\n");
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
                w.write("\t" + n.announces().size() + "\t" + n.handshakes() + "\t"
                        + n.answerDelay().map(d -> Long.toString(d.toMillis())).orElse("") + "\t"
                        + n.advertisedOthers(true).size() + "\n");
            }
        }
    }
}
