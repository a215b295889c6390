package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Starting, describing and closing whole simulated DHTs. */
class DhtNetworkLifecycleTest {

    private static SimulatedDhtNetwork.Builder small(long seed) {
        return SimulatedDhtNetwork.builder().nodes(60).seed(seed).latency(Duration.ZERO).hostileFraction(0.1)
                .slowFraction(0.05).rsaFraction(0);
    }

    /** Everything of a ground truth that the seed decides: all but the ephemeral ports. */
    private static List<String> withoutPorts(DhtGroundTruth truth) {
        return truth.nodes().stream().map(n -> n.peerId() + " " + n.kind() + " " + n.keyType() + " "
                + n.listenAddrs().get(0).ip().orElseThrow() + " " + n.agentVersion() + " " + n.protocols() + " "
                + n.routingTable() + " " + n.presentedPeerId()).toList();
    }

    @Test
    void sameSeedGivesTheSameNetworkAndAnotherSeedAnother() {
        try (SimulatedDhtNetwork a = small(5).start();
             SimulatedDhtNetwork b = small(5).start();
             SimulatedDhtNetwork c = small(6).start()) {
            assertThat(withoutPorts(b.groundTruth())).isEqualTo(withoutPorts(a.groundTruth()));
            assertThat(withoutPorts(c.groundTruth())).isNotEqualTo(withoutPorts(a.groundTruth()));
            assertThat(c.groundTruth().seedNode().peerId()).isNotEqualTo(a.groundTruth().seedNode().peerId());
        }
    }

    @Test
    void everyDialableNodeIsReachableFromTheSeedThroughTables() {
        for (long seed = 1; seed <= 3; seed++) {
            try (SimulatedDhtNetwork net = SimulatedDhtNetwork.builder().nodes(300).seed(seed).rsaFraction(0)
                    .undialableFraction(0.4).deadFraction(0.2).start()) {
                DhtGroundTruth truth = net.groundTruth();
                Set<PeerId> heard = new HashSet<>(Set.of(truth.seedNode().peerId()));
                Set<PeerId> reached = new HashSet<>();
                ArrayDeque<PeerId> queue = new ArrayDeque<>(heard);
                while (!queue.isEmpty()) {
                    DhtNodeTruth node = truth.node(queue.poll()).orElseThrow();
                    if (node.kind().isDialable()) {
                        reached.add(node.peerId());
                        node.routingTable().stream().filter(heard::add).forEach(queue::add);
                    }
                }
                assertThat(reached).isEqualTo(truth.dialable());
                assertThat(heard).isEqualTo(truth.discoverable());
                assertThat(truth.dialable()).hasSize(300 - 120 - 60 - 9 - 1 + 1); // less black holes, dead, hostile
            }
        }
    }

    @Test
    void routingTablesHoldAtMostTwentyPeersPerBucketAndAllWhenFewerExist() {
        try (SimulatedDhtNetwork net = SimulatedDhtNetwork.builder().nodes(400).seed(11).rsaFraction(0).start()) {
            DhtGroundTruth truth = net.groundTruth();
            for (DhtNodeTruth node : truth.nodes()) {
                byte[] self = DhtTestClient.sha256(node.peerId().toBytes());
                int[] perBucket = new int[257];
                for (PeerId p : node.routingTable()) {
                    perBucket[DhtTestClient.commonPrefixLength(self, DhtTestClient.sha256(p.toBytes()))]++;
                }
                int[] existing = new int[257];
                for (DhtNodeTruth other : truth.nodes()) {
                    if (other != node) {
                        existing[DhtTestClient.commonPrefixLength(self, DhtTestClient.sha256(other.peerId().toBytes()))]++;
                    }
                }
                for (int b = 0; b <= 256; b++) {
                    assertThat(perBucket[b]).isEqualTo(Math.min(20, existing[b]));
                }
                assertThat(truth.edgesOf(node.peerId())).isEqualTo(node.routingTable());
            }
            long withBlackHoles = truth.nodes().stream()
                    .filter(n -> n.routingTable().stream().anyMatch(p -> truth.node(p).orElseThrow().kind() == DhtNodeKind.UNDIALABLE_BLACK_HOLE))
                    .count();
            assertThat(withBlackHoles).isEqualTo(400); // real tables hold dead entries
        }
    }

    @Test
    void theNodesServeTheNetworksOwnKademliaProtocol() throws Exception {
        String lan = "/ipfs/lan/kad/1.0.0";
        try (SimulatedDhtNetwork net = small(3).protocolId(lan).start();
             DhtTestClient client = DhtTestClient.dial(net.groundTruth().seedNode())) {
            assertThat(net.protocolId()).isEqualTo(lan);
            assertThat(client.identify().protocols()).contains(lan).doesNotContain("/ipfs/kad/1.0.0");
            assertThat(client.findNode(lan, new byte[] {7}).closerPeers()).hasSize(20);
            assertThatThrownBy(() -> client.findNode("/ipfs/kad/1.0.0", new byte[] {7}))
                    .isInstanceOf(ProbeException.class).hasMessage("multistream: peer does not support /ipfs/kad/1.0.0");
        }
    }

    @Test
    void closeReleasesEveryPortConnectionAndThread() throws Exception {
        SimulatedDhtNetwork net = small(9).start();
        DhtGroundTruth truth = net.groundTruth();
        DhtTestClient client = DhtTestClient.dial(truth.seedNode());
        client.identify(); // a live connection at close time
        assertThat(net.openConnections()).isEqualTo(1);
        net.close();
        net.close(); // idempotent
        assertThatThrownBy(client::identify).isInstanceOf(IOException.class);
        client.close();
        assertThat(net.openConnections()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("peercensus-dhtsim-"));
        for (DhtNodeTruth node : truth.nodes()) {
            Multiaddr a = node.listenAddrs().get(0);
            try (ServerSocket rebind = new ServerSocket()) {
                rebind.bind(new InetSocketAddress(a.ip().orElseThrow(), a.tcpPort().orElseThrow()));
            }
        }
        assertThatThrownBy(() -> DhtTestClient.connect(truth.seedNode().listenAddrs().get(0), 1_000))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void builderRejectsBadSettings() {
        assertThatThrownBy(() -> SimulatedDhtNetwork.builder().nodes(0).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("nodes must be 1 to 50000, got 0");
        assertThatThrownBy(() -> SimulatedDhtNetwork.builder().undialableFraction(1.5).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("undialableFraction must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> SimulatedDhtNetwork.builder().undialableFraction(0.6).deadFraction(0.5).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the fractions of node kinds add up to 1.1");
        assertThatThrownBy(() -> SimulatedDhtNetwork.builder().latency(Duration.ofMillis(-1)).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("latency must be 0 to 60 s");
        assertThatThrownBy(() -> SimulatedDhtNetwork.builder().protocolId("ipfs/kad").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("protocolId must be a protocol path");
        assertThatThrownBy(() -> SimulatedDhtNetwork.builder().nodes(2).undialableFraction(0.5).deadFraction(0.5)
                .slowFraction(0).hostileFraction(0).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaving none for the bootstrap node");
    }

    @Test
    void aOneNodeNetworkIsItsOwnBootstrap() throws Exception {
        try (SimulatedDhtNetwork net = SimulatedDhtNetwork.builder().nodes(1).seed(2).start();
             DhtTestClient client = DhtTestClient.dial(net.groundTruth().seedNode())) {
            assertThat(net.groundTruth().dialable()).containsExactly(net.groundTruth().seedNode().peerId());
            assertThat(client.findNode(net.protocolId(), new byte[] {1}).closerPeers()).isEmpty();
        }
    }
}
