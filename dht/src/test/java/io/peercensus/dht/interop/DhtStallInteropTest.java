package io.peercensus.dht.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.Crawlers;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.kad.KadMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reachable rule against js-libp2p: a node that completed Noise and yamux with the crawler and then stalls
 * identify, or stalls FIND_NODE after answering one request, is recorded reachable, with what it said and the
 * timeout that ended its conversation; its neighbours are crawled all the same.
 */
class DhtStallInteropTest {
    private static final int NODES = 4;
    private static final long SEED = 13;
    /** Every wait of the crawl: a stalled conversation ends at it. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static JsLibp2pNetwork network;

    @BeforeAll
    static void startNetwork() throws IOException {
        network = JsLibp2pNetwork.start(NODES, SEED);
        network.stall(0, KadMessage.IPFS_PROTOCOL_ID, 1); // one FIND_NODE answered, then silence
        network.stall(1, IdentifyMessage.PROTOCOL_ID, 0); // identify never answered
    }

    @AfterAll
    static void stopNetwork() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void nodesThatStallIdentifyOrFindNodeAfterTheMuxerAreReachableWithTheTimeoutRecorded() {
        JsLibp2pNode seed = network.nodes().get(0);
        List<Peer> observed;
        try (Stream<Peer> peers = Crawlers.dht().seed(seed.listenAddrs().get(0) + "/p2p/" + seed.peerId()).loopbackOnly(true)
                .concurrency(8).timeout(WAIT).conversationTimeout(Duration.ofSeconds(60)).stream()) {
            observed = peers.toList();
        }
        Map<String, Peer> byId = observed.stream().collect(Collectors.toMap(Peer::peerID, Function.identity()));
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(network.nodes().stream().map(JsLibp2pNode::peerId).toList());
        assertThat(observed).allSatisfy(p -> assertThat(p.status()).as("%s: %s", p.peerID(), p.error()).isEqualTo(PeerStatus.REACHABLE));

        Peer stallsFindNode = byId.get(seed.peerId());
        assertThat(stallsFindNode.agentVersion()).isEqualTo(seed.agentVersion());
        assertThat(stallsFindNode.protocols()).containsExactlyElementsOf(seed.protocols());
        assertThat(stallsFindNode.neighbours()).as("what its one answer named").isEqualTo(NODES - 1);
        assertThat(stallsFindNode.error().errorClass()).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(stallsFindNode.error().detail())
                .matches("(no FIND_NODE answer for bucket \\d+|FIND_NODE walk not done) within 5000 ms \\(1 of \\d+ requests answered\\)");

        JsLibp2pNode second = network.nodes().get(1);
        Peer stallsIdentify = byId.get(second.peerId());
        assertThat(stallsIdentify.agentVersion()).isEmpty();
        assertThat(stallsIdentify.protocols()).isEmpty();
        assertThat(stallsIdentify.latencyMs()).isNotNull();
        assertThat(stallsIdentify.error().errorClass()).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(stallsIdentify.error().detail()).isEqualTo("no identify within 5000 ms");

        for (JsLibp2pNode node : network.nodes().subList(2, NODES)) {
            Peer peer = byId.get(node.peerId());
            assertThat(peer.error()).as(node.peerId()).isNull();
            assertThat(peer.agentVersion()).isEqualTo(node.agentVersion());
            assertThat(peer.neighbours()).isPositive();
        }
    }
}
