package io.peercensus.testkit;

import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link SimulatedBitcoinNetwork} really is: every node with its kind, version fields and announcements, so a
 * test can check a crawl against it ("every reachable node found with its exact user agent", "no dead address
 * reachable", "every onion address discovered").
 *
 * <p>Coverage: every node and every non-IP address appears in the answer of some node that
 * {@link BitcoinNodeKind#answersPromptly() answers promptly} (it completes the handshake at once and answers plainly
 * within seconds) and is itself in the answer of such a node, and so on back to {@link #seedNode()}. So a
 * breadth-first crawl from the seed that gets only the prompt answers already hears of every address and reaches
 * every node that handshakes; answers that come late (trickle nodes) or oddly only add edges. This models the real
 * network, where most addresses sit in most nodes' address managers. Immutable and thread-safe.
 */
public final class BitcoinGroundTruth {

    private final long seed;
    private final List<BitcoinNodeTruth> nodes;
    private final Map<Endpoint, BitcoinNodeTruth> byEndpoint;
    private final Map<BitcoinNodeKind, List<BitcoinNodeTruth>> byKind;
    private final Set<Endpoint> reachable;
    private final Set<Endpoint> handshaking;
    private final Set<Endpoint> nonIp;

    /**
     * Creates the ground truth of a network.
     *
     * @param seed the seed the network was built from
     * @param nodes every node, the crawl's seed node first
     */
    public BitcoinGroundTruth(long seed, List<BitcoinNodeTruth> nodes) {
        if (nodes.isEmpty() || !nodes.get(0).kind().answersPromptly()) {
            throw new IllegalArgumentException("the first node must exist and answer getaddr promptly: it is the seed");
        }
        this.seed = seed;
        this.nodes = List.copyOf(nodes);
        Map<Endpoint, BitcoinNodeTruth> index = new HashMap<>(nodes.size() * 2);
        Map<BitcoinNodeKind, List<BitcoinNodeTruth>> kinds = new EnumMap<>(BitcoinNodeKind.class);
        Set<Endpoint> reach = new LinkedHashSet<>();
        Set<Endpoint> shake = new LinkedHashSet<>();
        Set<Endpoint> overlay = new LinkedHashSet<>();
        for (BitcoinNodeTruth n : this.nodes) {
            if (index.put(n.endpoint(), n) != null) {
                throw new IllegalArgumentException("two nodes at " + n.endpoint());
            }
            kinds.computeIfAbsent(n.kind(), k -> new ArrayList<>()).add(n);
            if (n.kind().isReachable()) {
                reach.add(n.endpoint());
            }
            if (n.kind().handshakes()) {
                shake.add(n.endpoint());
            }
            for (Endpoint e : n.announces()) {
                AddressType type = e.address().type();
                if (type == AddressType.TORV2 || type == AddressType.TORV3 || type == AddressType.I2P
                        || type == AddressType.CJDNS) {
                    overlay.add(e);
                }
            }
        }
        this.byEndpoint = Collections.unmodifiableMap(index);
        Map<BitcoinNodeKind, List<BitcoinNodeTruth>> frozen = new EnumMap<>(BitcoinNodeKind.class);
        kinds.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.byKind = Collections.unmodifiableMap(frozen);
        this.reachable = Collections.unmodifiableSet(reach);
        this.handshaking = Collections.unmodifiableSet(shake);
        this.nonIp = Collections.unmodifiableSet(overlay);
    }

    /** The seed the network was built from. */
    public long seed() {
        return seed;
    }

    /** Every node, in the network's order (the seed node first). */
    public List<BitcoinNodeTruth> nodes() {
        return nodes;
    }

    /** The node a crawl starts from: reachable, well-behaved, answers getaddr promptly. */
    public BitcoinNodeTruth seedNode() {
        return nodes.get(0);
    }

    /** The node listening at (or, for dead addresses, announced as) {@code endpoint}. */
    public Optional<BitcoinNodeTruth> node(Endpoint endpoint) {
        return Optional.ofNullable(byEndpoint.get(endpoint));
    }

    /** The nodes of one kind, in the network's order. */
    public List<BitcoinNodeTruth> ofKind(BitcoinNodeKind kind) {
        return byKind.getOrDefault(kind, List.of());
    }

    /**
     * The endpoints of every node a crawler records reachable ({@link BitcoinNodeKind#isReachable()}): every node it
     * completes the handshake with, the same set as {@link #handshaking()}.
     */
    public Set<Endpoint> reachable() {
        return reachable;
    }

    /**
     * The endpoints of every node a crawler completes the handshake with ({@link BitcoinNodeKind#handshakes()}),
     * the hostile nodes that misbehave only after it included.
     */
    public Set<Endpoint> handshaking() {
        return handshaking;
    }

    /**
     * The endpoints of the nodes that send the last message of their getaddr answer at most {@code wait} after
     * receiving getaddr ({@link BitcoinNodeTruth#answerDelay()}): the answers a crawler waiting {@code wait} for
     * each answer gets whole, given a round trip of loopback.
     */
    public Set<Endpoint> answeringWithin(Duration wait) {
        Set<Endpoint> out = new LinkedHashSet<>();
        for (BitcoinNodeTruth n : nodes) {
            n.answerDelay().filter(d -> d.compareTo(wait) <= 0).ifPresent(d -> out.add(n.endpoint()));
        }
        return Collections.unmodifiableSet(out);
    }

    /** Every Tor, I2P and CJDNS address announced (in {@code addrv2} answers only): never dialable here. */
    public Set<Endpoint> nonIpAddresses() {
        return nonIp;
    }

    /**
     * For each hostile node, before or after the handshake, the start of the {@code BitcoinWireException} message
     * the node's bytes raise in our wire codec (see {@link BitcoinNodeKind#expectedWireError()}).
     */
    public Map<Endpoint, String> expectedHostileErrors() {
        Map<Endpoint, String> errors = new LinkedHashMap<>();
        for (BitcoinNodeTruth n : nodes) {
            n.kind().expectedWireError().ifPresent(message -> errors.put(n.endpoint(), message));
        }
        return Collections.unmodifiableMap(errors);
    }

    @Override
    public String toString() {
        Map<BitcoinNodeKind, Integer> counts = new EnumMap<>(BitcoinNodeKind.class);
        byKind.forEach((k, v) -> counts.put(k, v.size()));
        return "BitcoinGroundTruth[seed=" + seed + ", nodes=" + nodes.size() + ", " + counts + ", nonIp=" + nonIp.size() + "]";
    }
}
