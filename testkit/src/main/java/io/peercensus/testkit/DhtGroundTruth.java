package io.peercensus.testkit;

import io.peercensus.ErrorClass;
import io.peercensus.dht.multiformats.PeerId;
import java.util.ArrayDeque;
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
 * What a {@link SimulatedDhtNetwork} really is: every node with its kind, identity, identify answer and routing
 * table, so a test can check a crawl against it ("every dialable node found with its agent version", "every
 * edge of every dialable node's table recorded", "no black hole reachable").
 *
 * <p>Every dialable node can be reached from {@link #seedNode()} by following the routing tables of dialable
 * nodes (checked when the ground truth is made), so a crawl that reads whole tables finds all of them; every
 * other node is in some dialable node's table too, unless nothing points at it. Immutable and thread-safe.
 */
public final class DhtGroundTruth {

    private final long seed;
    private final String protocolId;
    private final List<DhtNodeTruth> nodes;
    private final Map<PeerId, DhtNodeTruth> byPeer;
    private final Map<DhtNodeKind, List<DhtNodeTruth>> byKind;
    private final Set<PeerId> dialable;
    private final Set<PeerId> discoverable;
    private final long edges;

    /**
     * Creates the ground truth of a network.
     *
     * @param seed the seed the network was built from
     * @param protocolId the Kademlia protocol ID the nodes serve
     * @param nodes every node, the crawl's seed node first
     * @throws IllegalArgumentException when the first node is not dialable, two nodes share a peer ID, a table
     *     names an unknown peer, or some dialable node cannot be reached from the first through dialable tables
     */
    public DhtGroundTruth(long seed, String protocolId, List<DhtNodeTruth> nodes) {
        if (nodes.isEmpty() || !nodes.get(0).kind().isDialable()) {
            throw new IllegalArgumentException("the first node must exist and be dialable: it is the bootstrap node");
        }
        this.seed = seed;
        this.protocolId = protocolId;
        this.nodes = List.copyOf(nodes);
        Map<PeerId, DhtNodeTruth> index = new HashMap<>(nodes.size() * 2);
        Map<DhtNodeKind, List<DhtNodeTruth>> kinds = new EnumMap<>(DhtNodeKind.class);
        Set<PeerId> dial = new LinkedHashSet<>();
        long edgeCount = 0;
        for (DhtNodeTruth n : this.nodes) {
            if (index.put(n.peerId(), n) != null) {
                throw new IllegalArgumentException("two nodes with peer ID " + n.peerId());
            }
            kinds.computeIfAbsent(n.kind(), k -> new ArrayList<>()).add(n);
            if (n.kind().isDialable()) {
                dial.add(n.peerId());
            }
            edgeCount += n.routingTable().size();
        }
        for (DhtNodeTruth n : this.nodes) {
            for (PeerId p : n.routingTable()) {
                if (!index.containsKey(p)) {
                    throw new IllegalArgumentException("the table of " + n.peerId() + " names an unknown peer " + p);
                }
            }
        }
        this.byPeer = Collections.unmodifiableMap(index);
        Map<DhtNodeKind, List<DhtNodeTruth>> frozen = new EnumMap<>(DhtNodeKind.class);
        kinds.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.byKind = Collections.unmodifiableMap(frozen);
        this.dialable = Collections.unmodifiableSet(dial);
        this.edges = edgeCount;
        Set<PeerId> reached = new LinkedHashSet<>();
        this.discoverable = Collections.unmodifiableSet(walk(reached));
        if (!reached.equals(dial)) {
            Set<PeerId> missed = new LinkedHashSet<>(dial);
            missed.removeAll(reached);
            throw new IllegalArgumentException(missed.size() + " dialable nodes cannot be reached from the seed, e.g. "
                    + missed.iterator().next());
        }
    }

    /** Breadth-first over dialable nodes' tables from the seed; fills {@code reached}, returns every peer heard of. */
    private Set<PeerId> walk(Set<PeerId> reached) {
        Set<PeerId> heard = new LinkedHashSet<>();
        ArrayDeque<PeerId> queue = new ArrayDeque<>();
        heard.add(seedNode().peerId());
        queue.add(seedNode().peerId());
        while (!queue.isEmpty()) {
            DhtNodeTruth n = byPeer.get(queue.poll());
            if (!n.kind().isDialable()) {
                continue;
            }
            reached.add(n.peerId());
            for (PeerId p : n.routingTable()) {
                if (heard.add(p)) {
                    queue.add(p);
                }
            }
        }
        return heard;
    }

    /** The seed the network was built from. */
    public long seed() {
        return seed;
    }

    /** The Kademlia protocol ID the nodes serve, such as {@code /ipfs/kad/1.0.0}. */
    public String protocolId() {
        return protocolId;
    }

    /** Every node, in the network's order (the seed node first). */
    public List<DhtNodeTruth> nodes() {
        return nodes;
    }

    /** The node a crawl starts from: dialable and well-behaved (never slow). */
    public DhtNodeTruth seedNode() {
        return nodes.get(0);
    }

    /** The node with peer ID {@code peerId} (as the tables give it). */
    public Optional<DhtNodeTruth> node(PeerId peerId) {
        return Optional.ofNullable(byPeer.get(peerId));
    }

    /** The nodes of one kind, in the network's order. */
    public List<DhtNodeTruth> ofKind(DhtNodeKind kind) {
        return byKind.getOrDefault(kind, List.of());
    }

    /** The peer IDs of every node a crawler completes the handshake with (all reachable from the seed). */
    public Set<PeerId> dialable() {
        return dialable;
    }

    /**
     * The peer IDs a crawl from the seed hears of: the seed and everything in the tables of the dialable nodes
     * it reaches (a superset of {@link #dialable()}).
     */
    public Set<PeerId> discoverable() {
        return discoverable;
    }

    /**
     * The routing table of {@code peerId} (the edges a crawl records from it when it is dialable); empty for an
     * unknown peer.
     */
    public List<PeerId> edgesOf(PeerId peerId) {
        DhtNodeTruth n = byPeer.get(peerId);
        return n == null ? List.of() : n.routingTable();
    }

    /** How many routing-table entries all nodes hold together. */
    public long edgeCount() {
        return edges;
    }

    /** For each node that is not dialable, the error class a crawler should record for it. */
    public Map<PeerId, ErrorClass> expectedErrors() {
        Map<PeerId, ErrorClass> errors = new LinkedHashMap<>();
        for (DhtNodeTruth n : nodes) {
            n.kind().expectedError().ifPresent(e -> errors.put(n.peerId(), e));
        }
        return Collections.unmodifiableMap(errors);
    }

    @Override
    public String toString() {
        Map<DhtNodeKind, Integer> counts = new EnumMap<>(DhtNodeKind.class);
        byKind.forEach((k, v) -> counts.put(k, v.size()));
        return "DhtGroundTruth[seed=" + seed + ", nodes=" + nodes.size() + ", " + counts + ", edges=" + edges + "]";
    }
}
