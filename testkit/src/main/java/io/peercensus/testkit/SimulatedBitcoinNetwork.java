package io.peercensus.testkit;

import io.peercensus.CrawlerBuilder;
import io.peercensus.Crawlers;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.testkit.internal.btc.DelayRange;
import io.peercensus.testkit.internal.btc.NetworkRuntime;
import io.peercensus.testkit.internal.btc.NetworkSettings;
import io.peercensus.testkit.internal.btc.NodeTimings;
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
 * addresses, announcements and per-node delays (only the ephemeral ports differ). A few selector threads serve every
 * node, with non-blocking sockets and a timer queue for delayed answers (built when due, so a connection waiting
 * 70 s for a trickled answer holds only a timer), so 10,000 nodes cost little; the process needs a file descriptor
 * per node, two per black hole and one per open connection.
 *
 * <p>The default mix models the real network, slow and odd nodes included: some answers take a minute or more
 * ({@link BitcoinNodeKind#TRICKLE}), some versions seconds ({@link BitcoinNodeKind#LATE_VERSION}). Every node is
 * nevertheless in the prompt answer of a node reached through prompt answers from the seed (see
 * {@link BitcoinGroundTruth}). {@link Builder#classicMix()} gives the network of earlier releases.
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

    /**
     * A builder with a realistic mix of node kinds and timings; see each setter for its default, and
     * {@link Builder#classicMix()} for the mix of earlier releases.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoints a crawl starts from: one reachable, well-behaved node that answers getaddr. */
    public List<Endpoint> seedEndpoints() {
        return List.of(runtime.groundTruth().seedNode().endpoint());
    }

    /**
     * A builder for a crawl of this network, ready to go: its seed, loopback addresses only. The waits are the real
     * network's (see {@link io.peercensus.crawl.WaitPolicy#BITCOIN}), which the simulation's slow nodes need; give
     * shorter ones with {@code waits(...)} for a quicker, less complete crawl.
     *
     * <pre>{@code
     * try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(500).start();
     *         Stream<Peer> peers = net.crawler().stream()) {
     *     peers.forEach(System.out::println);
     * }
     * }</pre>
     */
    public CrawlerBuilder crawler() {
        return Crawlers.bitcoin().network(params.network()).seed(seedEndpoints().get(0).canonical()).loopbackOnly(true);
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
     * <p>Every default timing and share models the real network, never a crawler's settings: each setter says where
     * its default comes from (the facts are in {@code NETWORKS.md}) or that it is an assumption to set. Delays that
     * vary are drawn per node from the seed, so the ground truth states them. The defaults give about 63% of the
     * nodes a completed handshake; {@link #classicMix()} gives the network of earlier releases instead.
     *
     * <p>Not thread-safe: one builder per thread.
     */
    public static final class Builder {

        private int nodes = 200;
        private long seed = 1;
        private BitcoinNetworkParams params = BitcoinNetworkParams.MAINNET;
        private final Map<BitcoinNodeKind, Double> fractions = new EnumMap<>(BitcoinNodeKind.class);
        private double hostileFraction = 0.02;
        private double hostileAfterHandshakeFraction = 0.01;
        private double onionFraction = 0.05;
        private double i2pFraction = 0.01;
        private double cjdnsFraction = 0.005;
        private Duration messageLatency = Duration.ofMillis(50);
        private Duration addrReplyDelay = Duration.ofMillis(100);
        private Duration slowLatencyMin = Duration.ofSeconds(1);
        private Duration slowLatencyMax = Duration.ofSeconds(3);
        private Duration slowAddrReplyDelay = Duration.ofSeconds(2);
        private Duration trickleMean = Duration.ofSeconds(30);
        private Duration splitGapMin = Duration.ofMillis(300);
        private Duration splitGapMax = Duration.ofSeconds(3);
        private Duration gossipDelayMin = Duration.ofMillis(200);
        private Duration gossipDelayMax = Duration.ofSeconds(2);
        private Duration lateVersionMin = Duration.ofSeconds(6);
        private Duration lateVersionMax = Duration.ofSeconds(10);
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
            fractions.put(BitcoinNodeKind.TRICKLE, 0.10);
            fractions.put(BitcoinNodeKind.SPLIT_ANSWER, 0.02);
            fractions.put(BitcoinNodeKind.GOSSIP_FIRST, 0.05);
            fractions.put(BitcoinNodeKind.LATE_VERSION, 0.02);
            fractions.put(BitcoinNodeKind.BAD_CHECKSUM_AFTER_HANDSHAKE, 0.01);
        }

        /**
         * The network of earlier releases, for benchmarks and tests that must keep reproducing it: none of the
         * kinds added since ({@link BitcoinNodeKind#TRICKLE}, {@link BitcoinNodeKind#SPLIT_ANSWER},
         * {@link BitcoinNodeKind#GOSSIP_FIRST}, {@link BitcoinNodeKind#LATE_VERSION},
         * {@link BitcoinNodeKind#BAD_CHECKSUM_AFTER_HANDSHAKE}, the {@code HOSTILE_AFTER_HANDSHAKE_*} kinds), and
         * the timings of then: 20 ms message latency, 100 ms addr reply delay, slow nodes 1 s per message and 2 s
         * more for their answer. With the same seed and the other settings at their defaults, it gives the same
         * nodes, kinds, versions and answers as those releases did. It sets only those shares and timings, so call
         * it first and change anything after it.
         */
        public Builder classicMix() {
            fractions.put(BitcoinNodeKind.TRICKLE, 0.0);
            fractions.put(BitcoinNodeKind.SPLIT_ANSWER, 0.0);
            fractions.put(BitcoinNodeKind.GOSSIP_FIRST, 0.0);
            fractions.put(BitcoinNodeKind.LATE_VERSION, 0.0);
            fractions.put(BitcoinNodeKind.BAD_CHECKSUM_AFTER_HANDSHAKE, 0.0);
            hostileAfterHandshakeFraction = 0;
            messageLatency = Duration.ofMillis(20);
            addrReplyDelay = Duration.ofMillis(100);
            slowLatencyMin = Duration.ofSeconds(1);
            slowLatencyMax = slowLatencyMin;
            slowAddrReplyDelay = Duration.ofSeconds(2);
            return this;
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

        /**
         * Fraction of hostile nodes of the five classic kinds (default 0.02), spread evenly over them: the four that
         * misbehave before the handshake and {@link BitcoinNodeKind#HOSTILE_ADDR_COUNT}.
         */
        public Builder hostileFraction(double f) {
            this.hostileFraction = f;
            return this;
        }

        /**
         * Fraction of nodes that complete the handshake and then send a frame a crawler must reject (default 0.01,
         * an assumed share), spread evenly over the three {@code HOSTILE_AFTER_HANDSHAKE_*} kinds.
         */
        public Builder hostileAfterHandshakeFraction(double f) {
            this.hostileAfterHandshakeFraction = f;
            return this;
        }

        /** Fraction of old nodes without {@code addrv2} (default 0.05). */
        public Builder oldNodeFraction(double f) {
            return fraction(BitcoinNodeKind.OLD, f);
        }

        /** Fraction of slow nodes (default 0.02, an assumed share); see {@link #slowLatency(Duration, Duration)}. */
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
         * Fraction of {@link BitcoinNodeKind#TRICKLE} nodes, Bitcoin Core before 22 whose answer waits for the
         * address timer (default 0.10, about a sixth of the nodes that handshake: an assumed share of reachable
         * nodes still on Core 0.21 or older with BIP155; set it from a current crawl's user agents).
         */
        public Builder trickleFraction(double f) {
            return fraction(BitcoinNodeKind.TRICKLE, f);
        }

        /**
         * Fraction of {@link BitcoinNodeKind#SPLIT_ANSWER} nodes (default 0.02, an assumed share: Bitcoin Core never
         * splits, some other implementations do).
         */
        public Builder splitAnswerFraction(double f) {
            return fraction(BitcoinNodeKind.SPLIT_ANSWER, f);
        }

        /**
         * Fraction of {@link BitcoinNodeKind#GOSSIP_FIRST} nodes (default 0.05, an assumed share: relayed gossip and
         * self-announcements reach a connection at any time, so some arrive just before the answer; bitnodes #29
         * and bitcoin-seeder PR #38 report small address messages ahead of answers as common).
         */
        public Builder gossipFirstFraction(double f) {
            return fraction(BitcoinNodeKind.GOSSIP_FIRST, f);
        }

        /**
         * Fraction of {@link BitcoinNodeKind#LATE_VERSION} nodes (default 0.02, an assumed share of overloaded peers
         * and of peers reached through Tor or I2P gateways).
         */
        public Builder lateVersionFraction(double f) {
            return fraction(BitcoinNodeKind.LATE_VERSION, f);
        }

        /**
         * Fraction of {@link BitcoinNodeKind#BAD_CHECKSUM_AFTER_HANDSHAKE} nodes (default 0.01, an assumed share of
         * peers that corrupt a frame now and then: buggy implementations, broken middleboxes).
         */
        public Builder badChecksumAfterHandshakeFraction(double f) {
            return fraction(BitcoinNodeKind.BAD_CHECKSUM_AFTER_HANDSHAKE, f);
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

        /**
         * The delay before each message of a node (default 50 ms: half of an assumed 100 ms round trip across the
         * Internet; the loopback adds almost nothing). {@link #classicMix()} sets 20 ms.
         */
        public Builder messageLatency(Duration d) {
            this.messageLatency = d;
            return this;
        }

        /**
         * The delay between a node's self-announcement and its getaddr answer (default 100 ms). Bitcoin Core 22 and
         * later answers from its cache on the next message-handling pass, and its message handler waits at most
         * 100 ms between passes ({@code ThreadMessageHandler} in {@code net.cpp}).
         */
        public Builder addrReplyDelay(Duration d) {
            this.addrReplyDelay = d;
            return this;
        }

        /** The delay before each message of every slow node: {@code slowLatency(d, d)}. */
        public Builder slowLatency(Duration d) {
            return slowLatency(d, d);
        }

        /**
         * The range each slow node draws its per-message delay from (default 1 s to 3 s: an assumption for
         * overloaded nodes and congested or long links, whose messages leave seconds late; set it to what you
         * measure). {@link #classicMix()} sets a fixed 1 s.
         */
        public Builder slowLatency(Duration min, Duration max) {
            this.slowLatencyMin = min;
            this.slowLatencyMax = max;
            return this;
        }

        /**
         * The addr reply delay of a slow node (default 2 s: one more message-handling pass of an overloaded node,
         * assumed).
         */
        public Builder slowAddrReplyDelay(Duration d) {
            this.slowAddrReplyDelay = d;
            return this;
        }

        /**
         * The mean of the exponential distribution each {@link BitcoinNodeKind#TRICKLE} node draws the delay of its
         * answer after its self-announcement from (default 30 s: Bitcoin Core's {@code
         * AVG_ADDRESS_BROADCAST_INTERVAL}, the mean of the Poisson timer that paces address messages). With the
         * default, about 10% of the delays exceed 70 s.
         */
        public Builder trickleMean(Duration d) {
            this.trickleMean = d;
            return this;
        }

        /**
         * The range each gap between the parts of a {@link BitcoinNodeKind#SPLIT_ANSWER} answer is drawn from
         * (default 300 ms to 3 s, assumed; implementations that split really send the parts back to back, so the
         * default is harsher than reality).
         */
        public Builder splitAnswerGap(Duration min, Duration max) {
            this.splitGapMin = min;
            this.splitGapMax = max;
            return this;
        }

        /**
         * The range a {@link BitcoinNodeKind#GOSSIP_FIRST} node draws the delay from its gossip to its answer from
         * (default 200 ms to 2 s, assumed: the answer goes out a message-handling pass or a few later).
         */
        public Builder gossipAnswerDelay(Duration min, Duration max) {
            this.gossipDelayMin = min;
            this.gossipDelayMax = max;
            return this;
        }

        /**
         * The range a {@link BitcoinNodeKind#LATE_VERSION} node draws the delay from accepting a connection to
         * sending its version from (default 6 s to 10 s: a Tor circuit takes seconds to build and each round trip
         * over it hundreds of milliseconds, per {@code NETWORKS.md}; overloaded peers are as slow).
         */
        public Builder lateVersionDelay(Duration min, Duration max) {
            this.lateVersionMin = min;
            this.lateVersionMax = max;
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
            NodeTimings timings = new NodeTimings(messageLatency, addrReplyDelay,
                    DelayRange.named("slowLatency", slowLatencyMin, slowLatencyMax), slowAddrReplyDelay, trickleMean,
                    DelayRange.named("splitAnswerGap", splitGapMin, splitGapMax),
                    DelayRange.named("gossipAnswerDelay", gossipDelayMin, gossipDelayMax),
                    DelayRange.named("lateVersionDelay", lateVersionMin, lateVersionMax));
            NetworkSettings settings = new NetworkSettings(nodes, seed, params.magic(), params.defaultPort(),
                    fractions, hostileFraction, hostileAfterHandshakeFraction, onionFraction, i2pFraction,
                    cjdnsFraction, timings, addrAnswerSize, selectorThreads);
            try {
                return new SimulatedBitcoinNetwork(NetworkRuntime.start(settings), params, params.magic());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a simulated network of " + nodes + " nodes", e);
            }
        }
    }
}
