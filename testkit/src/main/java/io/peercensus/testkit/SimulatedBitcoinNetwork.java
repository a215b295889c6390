package io.peercensus.testkit;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.testkit.internal.btc.NetworkRuntime;
import io.peercensus.testkit.internal.btc.NetworkSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-process simulated Bitcoin P2P network for tests, benchmarks and demos: nodes on distinct
 * {@code 127.a.b.c} addresses (never in {@code 127.0.0.0/16}), each on an ephemeral port, answering a crawler as
 * real nodes do, with the failures a crawl of the real network meets (see {@link BitcoinNodeKind}).
 *
 * <pre>{@code
 * try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(500).seed(42).start()) {
 *     crawl(net.seedEndpoints(), net.params());
 *     assertThat(found).isEqualTo(net.groundTruth().reachable());
 * }
 * }</pre>
 *
 * <p>Everything is drawn from the seed: the same seed and settings give the same nodes, kinds, version fields,
 * addresses and announcements (only the ephemeral ports differ). A few selector threads serve every node, with
 * non-blocking sockets and a timer queue for delayed answers, so 10,000 nodes cost little; the process needs a file
 * descriptor per node, two per black hole and one per open connection.
 *
 * <p>Thread-safe: the accessors may be called from any thread; {@link #close()} releases every socket and thread
 * and may be called more than once.
 */
public final class SimulatedBitcoinNetwork implements AutoCloseable {

    private final NetworkRuntime runtime;
    private final BitcoinNetworkParams params;
    private final int magic;

    private SimulatedBitcoinNetwork(NetworkRuntime runtime, BitcoinNetworkParams params, int magic) {
        this.runtime = runtime;
        this.params = params;
        this.magic = magic;
    }

    /** A builder with a realistic mix of node kinds; see each setter for its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoints a crawl starts from: one reachable, well-behaved node that answers getaddr. */
    public List<Endpoint> seedEndpoints() {
        return List.of(runtime.groundTruth().seedNode().endpoint());
    }

    /** What the network really is: every node, its kind, version fields and announcements. */
    public BitcoinGroundTruth groundTruth() {
        return runtime.groundTruth();
    }

    /** The network whose parameters the nodes use (a crawler should be configured with its magic). */
    public BitcoinNetworkParams params() {
        return params;
    }

    /** The message magic every node frames its messages with (bytes as sent). */
    public int magic() {
        return magic;
    }

    /** Stops the selector threads and closes every listener, connection and placeholder socket. */
    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public String toString() {
        return "SimulatedBitcoinNetwork[" + params + ", seed " + seedEndpoints() + ", " + groundTruth() + "]";
    }

    /**
     * Settings of a {@link SimulatedBitcoinNetwork}. Fractions are of the node count and rounded to whole nodes;
     * the nodes left over are {@link BitcoinNodeKind#REACHABLE}, and node 0 (the seed) always is.
     *
     * <p>Not thread-safe: one builder per thread.
     */
    public static final class Builder {

        private int nodes = 200;
        private long seed = 1;
        private BitcoinNetworkParams params = BitcoinNetworkParams.MAINNET;
        private final Map<BitcoinNodeKind, Double> fractions = new EnumMap<>(BitcoinNodeKind.class);
        private double hostileFraction = 0.02;
        private double onionFraction = 0.05;
        private double i2pFraction = 0.01;
        private double cjdnsFraction = 0.005;
        private Duration messageLatency = Duration.ofMillis(20);
        private Duration addrReplyDelay = Duration.ofMillis(100);
        private Duration slowLatency = Duration.ofSeconds(1);
        private Duration slowAddrReplyDelay = Duration.ofSeconds(2);
        private int addrAnswerSize = 1000;
        private int selectorThreads = 2;

        private Builder() {
            fractions.put(BitcoinNodeKind.DEAD, 0.30);
            fractions.put(BitcoinNodeKind.TARPIT, 0.02);
            fractions.put(BitcoinNodeKind.BLACK_HOLE, 0.03);
            fractions.put(BitcoinNodeKind.OLD, 0.05);
            fractions.put(BitcoinNodeKind.SLOW, 0.02);
            fractions.put(BitcoinNodeKind.NEVER_ANSWERS_GETADDR, 0.03);
            fractions.put(BitcoinNodeKind.ODD_AGENT, 0.02);
        }

        /** How many nodes, 1 to 50,000 (default 200), dead addresses included. */
        public Builder nodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        /** The seed every choice is drawn from (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The network whose magic the nodes frame messages with (default mainnet). */
        public Builder network(BitcoinNetworkParams params) {
            this.params = Objects.requireNonNull(params, "params");
            return this;
        }

        /** Fraction of addresses nobody listens on (default 0.30): the connect is refused at once. */
        public Builder deadFraction(double f) {
            return fraction(BitcoinNodeKind.DEAD, f);
        }

        /** Fraction of tarpits (default 0.02): they accept and never speak. */
        public Builder tarpitFraction(double f) {
            return fraction(BitcoinNodeKind.TARPIT, f);
        }

        /** Fraction of black holes (default 0.03): the connect itself times out. */
        public Builder blackHoleFraction(double f) {
            return fraction(BitcoinNodeKind.BLACK_HOLE, f);
        }

        /** Fraction of hostile nodes (default 0.02), spread evenly over the five {@code HOSTILE_*} kinds. */
        public Builder hostileFraction(double f) {
            this.hostileFraction = f;
            return this;
        }

        /** Fraction of old nodes without {@code addrv2} (default 0.05). */
        public Builder oldNodeFraction(double f) {
            return fraction(BitcoinNodeKind.OLD, f);
        }

        /** Fraction of slow nodes (default 0.02); see {@link #slowLatency(Duration)}. */
        public Builder slowFraction(double f) {
            return fraction(BitcoinNodeKind.SLOW, f);
        }

        /** Fraction of nodes that never answer getaddr (default 0.03). */
        public Builder neverAnswersGetaddrFraction(double f) {
            return fraction(BitcoinNodeKind.NEVER_ANSWERS_GETADDR, f);
        }

        /** Fraction of nodes with odd user agents (default 0.02; eight variants, given in turn). */
        public Builder oddAgentFraction(double f) {
            return fraction(BitcoinNodeKind.ODD_AGENT, f);
        }

        /**
         * The fraction of nodes of a non-hostile kind other than {@code REACHABLE} (which takes the rest).
         *
         * @throws IllegalArgumentException at {@link #start()} for {@code REACHABLE} or a hostile kind
         */
        public Builder fraction(BitcoinNodeKind kind, double f) {
            fractions.put(Objects.requireNonNull(kind, "kind"), f);
            return this;
        }

        /** Tor v3 addresses announced in {@code addrv2} answers, as a fraction of the node count (default 0.05). */
        public Builder onionFraction(double f) {
            this.onionFraction = f;
            return this;
        }

        /** I2P addresses announced in {@code addrv2} answers, as a fraction of the node count (default 0.01). */
        public Builder i2pFraction(double f) {
            this.i2pFraction = f;
            return this;
        }

        /** CJDNS addresses announced in {@code addrv2} answers, as a fraction of the node count (default 0.005). */
        public Builder cjdnsFraction(double f) {
            this.cjdnsFraction = f;
            return this;
        }

        /** The delay before each answer of a node (default 20 ms). */
        public Builder messageLatency(Duration d) {
            this.messageLatency = d;
            return this;
        }

        /** The delay between the self-announcement and the real getaddr answer (default 100 ms). */
        public Builder addrReplyDelay(Duration d) {
            this.addrReplyDelay = d;
            return this;
        }

        /**
         * The delay before each answer of a slow node (default 1 s). With the default slow addr reply delay of 2 s,
         * no single wait of a crawler exceeds 3 s.
         */
        public Builder slowLatency(Duration d) {
            this.slowLatency = d;
            return this;
        }

        /** The addr reply delay of a slow node (default 2 s). */
        public Builder slowAddrReplyDelay(Duration d) {
            this.slowAddrReplyDelay = d;
            return this;
        }

        /** The most entries in a real getaddr answer, 1 to 1000 (default 1000, as Bitcoin Core); answers vary down to half. */
        public Builder addrAnswerSize(int entries) {
            this.addrAnswerSize = entries;
            return this;
        }

        /** How many selector threads serve the nodes, 1 to 16 (default 2). */
        public Builder selectorThreads(int threads) {
            this.selectorThreads = threads;
            return this;
        }

        /**
         * Binds every node and starts serving.
         *
         * @throws IllegalArgumentException when a setting is out of range or the fractions add up to more than 1
         * @throws UncheckedIOException when a socket cannot be bound (e.g. out of file descriptors)
         */
        public SimulatedBitcoinNetwork start() {
            NetworkSettings settings = new NetworkSettings(nodes, seed, params.magic(), params.defaultPort(),
                    fractions, hostileFraction, onionFraction, i2pFraction, cjdnsFraction, messageLatency,
                    addrReplyDelay, slowLatency, slowAddrReplyDelay, addrAnswerSize, selectorThreads);
            try {
                return new SimulatedBitcoinNetwork(NetworkRuntime.start(settings), params, params.magic());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a simulated network of " + nodes + " nodes", e);
            }
        }
    }
}
