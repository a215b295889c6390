package io.peercensus.dht.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.Crawlers;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.dht.crypto.KeyType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Crawls a real js-libp2p Kademlia network of 30 nodes through {@code Crawlers.dht()} and checks every node against its own report. */
class DhtCrawlInteropTest {
    private static final int NODES = 30;
    private static final long SEED = 11;

    private static JsLibp2pNetwork network;

    @BeforeAll
    static void startNetwork() throws IOException {
        network = JsLibp2pNetwork.start(NODES, SEED);
    }

    @AfterAll
    static void stopNetwork() {
        if (network != null) {
            network.close();
        }
    }

    private static List<Peer> crawl(JsLibp2pNode seed) {
        String seedAddr = seed.listenAddrs().get(0) + "/p2p/" + seed.peerId();
        long started = System.nanoTime();
        List<Peer> observed;
        try (Stream<Peer> peers = Crawlers.dht().seed(seedAddr).loopbackOnly(true).concurrency(8)
                .timeout(Duration.ofSeconds(10)).conversationTimeout(Duration.ofSeconds(30)).stream()) {
            observed = peers.toList();
        }
        System.out.printf("interop crawl of %d js-libp2p nodes: %d observations in %d ms%n", NODES, observed.size(),
                (System.nanoTime() - started) / 1_000_000);
        return observed;
    }

    @Test
    void findsEveryNodeReachableWithWhatItAnnounces() {
        List<Peer> observed = crawl(network.nodes().get(0));
        Map<String, Peer> byId = observed.stream().collect(Collectors.toMap(Peer::peerID, Function.identity()));
        assertThat(observed).extracting(Peer::peerID).doesNotHaveDuplicates();
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(network.nodes().stream().map(JsLibp2pNode::peerId).toList());
        assertThat(observed).filteredOn(p -> p.status() != PeerStatus.REACHABLE)
                .extracting(p -> p.peerID() + " " + p.error() + " " + p.agentVersion()).isEmpty();
        Set<KeyType> keyTypes = new java.util.HashSet<>();
        for (JsLibp2pNode node : network.nodes()) {
            Peer peer = byId.get(node.peerId());
            assertThat(peer.status()).as("%s: %s", node.peerId(), peer.error()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(peer.network()).isEqualTo(Network.IPFS);
            assertThat(peer.agentVersion()).as(node.peerId()).isEqualTo(node.agentVersion());
            assertThat(peer.protocols()).as(node.peerId()).containsExactlyElementsOf(node.protocols());
            assertThat(peer.addresses()).as(node.peerId()).containsExactlyElementsOf(node.listenAddrs());
            assertThat(peer.latencyMs()).isNotNull();
            assertThat(peer.neighbours()).as(node.peerId()).isPositive();
            keyTypes.add(node.keyType());
        }
        assertThat(keyTypes).containsExactlyInAnyOrder(KeyType.ED25519, KeyType.SECP256K1, KeyType.RSA);
    }
}
