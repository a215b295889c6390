package io.peercensus.testkit;

import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * The ground truth about one node of a {@link SimulatedDhtNetwork}: its identity, where it listens, how it
 * behaves, what identify says and what its routing table holds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param peerId the peer ID the routing tables give for the node (and under which a crawl should record it)
 * @param kind how the node behaves
 * @param keyType the type of the node's identity key
 * @param listenAddrs the addresses the node announces in identify and other nodes give in FIND_NODE answers
 *     ({@code /ip4/127.a.b.c/tcp/PORT}); for dead and black-hole nodes, where a crawler finds nothing
 * @param agentVersion the identify {@code agentVersion} (seen only by a crawler that completes the handshake)
 * @param protocols the identify {@code protocols}, sorted
 * @param routingTable the peer IDs in the node's Kademlia routing table, bucket by bucket (common prefix length
 *     0 first), each bucket in the order drawn; what FIND_NODE answers are taken from
 * @param presentedPeerId the identity the node proves in the Noise handshake: {@link #peerId()} except for
 *     {@link DhtNodeKind#HOSTILE_WRONG_IDENTITY}
 */
public record DhtNodeTruth(PeerId peerId, DhtNodeKind kind, KeyType keyType, List<Multiaddr> listenAddrs,
                           String agentVersion, List<String> protocols, List<PeerId> routingTable,
                           PeerId presentedPeerId) {

    public DhtNodeTruth {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keyType, "keyType");
        listenAddrs = List.copyOf(listenAddrs);
        Objects.requireNonNull(agentVersion, "agentVersion");
        protocols = List.copyOf(protocols);
        routingTable = List.copyOf(routingTable);
        Objects.requireNonNull(presentedPeerId, "presentedPeerId");
        if (listenAddrs.isEmpty()) {
            throw new IllegalArgumentException("a node needs a listen address");
        }
    }

    /** The address a crawler dials: the first listen address with {@code /p2p/<peerId>}. */
    public String dialAddress() {
        return listenAddrs.get(0) + "/p2p/" + peerId;
    }
}
