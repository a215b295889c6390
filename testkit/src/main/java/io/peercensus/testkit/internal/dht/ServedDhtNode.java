package io.peercensus.testkit.internal.dht;

import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.testkit.DhtNodeKind;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One listening node as its connections see it: kind, the identity it proves, its identify answer, its routing
 * table, and its delays; and the answers built from them.
 *
 * <p>Immutable and thread-safe.
 */
final class ServedDhtNode {

    /** The identify {@code protocolVersion} every node sends, as kubo does. */
    static final String PROTOCOL_VERSION = "ipfs/0.1.0";

    final int index;
    final DhtNodeKind kind;
    final PrivateKey identity;
    final Multiaddr listenAddr;
    final String agentVersion;
    final List<String> protocols;
    /** How long the node waits before the handshake. */
    final Duration handshakeDelay;
    /** How long the node waits before each answer. */
    final Duration answerDelay;
    private final int[] table;
    private final byte[][] kadIds;
    private final KadPeer[] entries;

    /**
     * @param table the node's routing table (node indices)
     * @param kadIds every node's Kademlia ID, by index
     * @param entries every node's FIND_NODE entry (peer ID and listen address), by index
     */
    ServedDhtNode(int index, DhtNodeKind kind, PrivateKey identity, Multiaddr listenAddr, AgentProfiles.Profile profile,
                  Duration handshakeDelay, Duration answerDelay, int[] table, byte[][] kadIds, KadPeer[] entries) {
        this.index = index;
        this.kind = kind;
        this.identity = identity;
        this.listenAddr = listenAddr;
        this.agentVersion = profile.agentVersion();
        this.protocols = profile.protocols();
        this.handshakeDelay = handshakeDelay;
        this.answerDelay = answerDelay;
        this.table = table;
        this.kadIds = kadIds;
        this.entries = entries;
    }

    /** The identify answer to a peer connected from {@code remote}. */
    IdentifyMessage identify(InetSocketAddress remote) {
        Multiaddr observed = Multiaddr.parse("/ip4/" + remote.getAddress().getHostAddress() + "/tcp/" + remote.getPort());
        return IdentifyMessage.of(identity.publicKey(), List.of(listenAddr), protocols, observed, PROTOCOL_VERSION,
                agentVersion);
    }

    /**
     * The FIND_NODE answer for {@code key}: the {@value RoutingTables#BUCKET_SIZE} peers of the table closest to
     * the key's Kademlia ID (SHA-256 of the key) by XOR distance, closest first.
     */
    List<KadPeer> closest(byte[] key) {
        byte[] target = KadSpace.kadId(key);
        Integer[] order = new Integer[table.length];
        byte[][] distance = new byte[table.length][];
        for (int j = 0; j < table.length; j++) {
            order[j] = j;
            distance[j] = KadSpace.distance(target, kadIds[table[j]]);
        }
        Arrays.sort(order, (a, b) -> KadSpace.compare(distance[a], distance[b]));
        int k = Math.min(RoutingTables.BUCKET_SIZE, table.length);
        List<KadPeer> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            out.add(entries[table[order[j]]]);
        }
        return out;
    }
}
