package io.peercensus.testkit;

import io.peercensus.CrawlerBuilder;
import io.peercensus.Crawlers;
import io.peercensus.dht.kad.KadMessage;
import io.peercensus.testkit.internal.dht.DhtRuntime;
import io.peercensus.testkit.internal.dht.DhtSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;

/**
 * An in-process simulated libp2p Kademlia DHT for tests, benchmarks and demos: nodes on distinct
 * {@code 127.a.b.c} addresses (never in {@code 127.0.0.0/16}), each on an ephemeral port, speaking the real
 * stack of peercensus-dht as responders (multistream-select, Noise XX, yamux, identify, FIND_NODE and ping on
 * the network's Kademlia protocol ID), with realistic routing tables (k = 20 buckets filled from the whole
 * network, dead entries included) and the failures a crawl of a real DHT meets (see {@link DhtNodeKind}).
 *
 * <pre>{@code
 * try (SimulatedDhtNetwork net = SimulatedDhtNetwork.builder().nodes(500).seed(42).start()) {
 *     crawl(net.bootstrap(), net.protocolId());   // "/ip4/127.a.b.c/tcp/PORT/p2p/12D3KooW..."
 *     assertThat(found).isEqualTo(net.groundTruth().dialable());
 * }
 * }</pre>
 *
 * <p>Everything is drawn from the seed: the same seed and settings give the same identities, kinds, software,
 * addresses and routing tables (only the ephemeral ports differ). One selector thread accepts for every node;
 * each connection is then served with blocking I/O on a handler thread (virtual on JDK 21 and later) plus its
 * yamux reader thread, and delayed answers wait on a timer, not on a thread. The process needs a file
 * descriptor per node, three per black hole and one per open connection. Starting costs mostly the identity
 * keys (2048-bit RSA keys take about a quarter of a second each).
 *
 * <p>Thread-safe: the accessors may be called from any thread; {@link #close()} releases every socket and thread
 * and may be called more than once.
 */
public final class SimulatedDhtNetwork implements AutoCloseable {

    private final DhtRuntime runtime;

    private SimulatedDhtNetwork(DhtRuntime runtime) {
        this.runtime = runtime;
    }

    /** A builder with a realistic mix of node kinds; see each setter for its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The multiaddr a crawl starts from, with the peer ID: {@code /ip4/127.a.b.c/tcp/PORT/p2p/<peerId>}. Its node
     * is dialable, never slow, and its routing table leads to every dialable node.
     */
    public String bootstrap() {
        return runtime.groundTruth().seedNode().dialAddress();
    }

    /** The Kademlia protocol ID the nodes serve (a crawler must ask FIND_NODE on it). */
    public String protocolId() {
        return runtime.groundTruth().protocolId();
    }

    /**
     * A builder for a crawl of this network, ready to go: its bootstrap peer and protocol ID, loopback addresses only.
     * The waits are a real DHT's ({@code DhtCrawler.DEFAULT_WAITS}: the undialable nodes cost 15 s each).
     */
    public CrawlerBuilder crawler() {
        return Crawlers.dht().seed(bootstrap()).option("protocol", protocolId()).loopbackOnly(true);
    }

    /** What the network really is: every node, its kind, identity, identify answer and routing table. */
    public DhtGroundTruth groundTruth() {
        return runtime.groundTruth();
    }

    /** How many connections the nodes have accepted and not yet closed (for tests that check a crawler lets go). */
    public int openConnections() {
        return runtime.openConnections();
    }

    /** Stops accepting, closes every listener, connection and placeholder socket, and ends every thread. */
    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public String toString() {
        return "SimulatedDhtNetwork[" + protocolId() + ", bootstrap " + bootstrap() + ", " + groundTruth() + "]";
    }

    /**
     * Settings of a {@link SimulatedDhtNetwork}. Fractions are of the node count and rounded to whole nodes; the
     * nodes left over are {@link DhtNodeKind#DIALABLE}, and node 0 (the bootstrap node) always is.
     *
     * <p>Not thread-safe: one builder per thread.
     */
    public static final class Builder {

        private int nodes = 200;
        private long seed = 1;
        private String protocolId = KadMessage.IPFS_PROTOCOL_ID;
        private double undialableFraction = 0.25;
        private double deadFraction = 0.10;
        private double slowFraction = 0.02;
        private double hostileFraction = 0.03;
        private double secp256k1Fraction = 0.05;
        private double rsaFraction = 0.002;
        private Duration latency = Duration.ofMillis(10);
        private Duration slowLatency = Duration.ofSeconds(1);

        private Builder() {
        }

        /** How many nodes, 1 to 50,000 (default 200), black holes and dead addresses included. */
        public Builder nodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        /** The seed every choice is drawn from (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The Kademlia protocol ID the nodes serve and announce (default {@code /ipfs/kad/1.0.0}). */
        public Builder protocolId(String protocolId) {
            this.protocolId = Objects.requireNonNull(protocolId, "protocolId");
            return this;
        }

        /**
         * Fraction of undialable nodes (default 0.25): listeners whose accept queue is full, so a dialer's SYN goes
         * unanswered and its connect times out, as for a node behind a NAT.
         */
        public Builder undialableFraction(double f) {
            this.undialableFraction = f;
            return this;
        }

        /** Fraction of dead addresses (default 0.10): nobody listens, the connect is refused at once. */
        public Builder deadFraction(double f) {
            this.deadFraction = f;
            return this;
        }

        /** Fraction of slow nodes (default 0.02); see {@link #slowLatency(Duration)}. */
        public Builder slowFraction(double f) {
            this.slowFraction = f;
            return this;
        }

        /** Fraction of hostile nodes (default 0.03), spread evenly over the three {@code HOSTILE_*} kinds. */
        public Builder hostileFraction(double f) {
            this.hostileFraction = f;
            return this;
        }

        /** Fraction of nodes with secp256k1 identity keys (default 0.05); the rest not RSA are Ed25519. */
        public Builder secp256k1Fraction(double f) {
            this.secp256k1Fraction = f;
            return this;
        }

        /** Fraction of nodes with 2048-bit RSA identity keys (default 0.002); each takes ~0.25 s of CPU to make. */
        public Builder rsaFraction(double f) {
            this.rsaFraction = f;
            return this;
        }

        /** The delay before each identify and FIND_NODE answer of a node (default 10 ms; up to 1 minute). */
        public Builder latency(Duration d) {
            this.latency = d;
            return this;
        }

        /**
         * The delay before the handshake and before each answer of a slow node (default 1 s; up to 1 minute). Keep
         * it under a crawler's per-wait timeout for slow nodes to count as reachable.
         */
        public Builder slowLatency(Duration d) {
            this.slowLatency = d;
            return this;
        }

        /**
         * Makes the identities and routing tables, binds every node and starts serving.
         *
         * @throws IllegalArgumentException when a setting is out of range or the fractions add up to more than 1
         * @throws UncheckedIOException when a socket cannot be bound (e.g. out of file descriptors)
         */
        public SimulatedDhtNetwork start() {
            DhtSettings settings = new DhtSettings(nodes, seed, protocolId, undialableFraction, deadFraction,
                    slowFraction, hostileFraction, secp256k1Fraction, rsaFraction, latency, slowLatency);
            try {
                return new SimulatedDhtNetwork(DhtRuntime.start(settings));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a simulated DHT of " + nodes + " nodes", e);
            }
        }
    }
}
