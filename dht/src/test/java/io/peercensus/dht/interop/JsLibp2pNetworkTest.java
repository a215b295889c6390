package io.peercensus.dht.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.dht.crypto.KeyType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The js-libp2p fixture network reports a sane, connected, loopback-only ground truth. */
class JsLibp2pNetworkTest {
    private static final int NODES = 30;
    private static final long SEED = 7;

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

    @Test
    void reportsOneNodePerRequestedNodeWithDistinctPeerIds() {
        assertThat(network.nodes()).hasSize(NODES);
        assertThat(network.nodes().stream().map(JsLibp2pNode::peerId).distinct()).hasSize(NODES);
    }

    @Test
    void assignsKeyTypesRoundRobinAndPeerIdsFollowTheKeyType() {
        List<JsLibp2pNode> nodes = network.nodes();
        assertThat(nodes.stream().map(JsLibp2pNode::keyType).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(KeyType.ED25519, KeyType.SECP256K1, KeyType.RSA);
        KeyType[] order = {KeyType.ED25519, KeyType.SECP256K1, KeyType.RSA};
        for (int i = 0; i < nodes.size(); i++) {
            JsLibp2pNode node = nodes.get(i);
            assertThat(node.keyType()).as("node %d", i).isEqualTo(order[i % 3]);
            // Identity multihashes of the protobuf key (Ed25519 "12D3KooW", secp256k1 "16Uiu2"), SHA-256 for RSA ("Qm").
            String prefix = switch (node.keyType()) {
                case ED25519 -> "12D3KooW";
                case SECP256K1 -> "16Uiu2";
                case RSA, ECDSA -> "Qm";
            };
            assertThat(node.peerId()).as("node %d", i).startsWith(prefix);
        }
    }

    @Test
    void announcesDistinctAgentVersionsAndTheKadProtocolInServerMode() {
        List<JsLibp2pNode> nodes = network.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            JsLibp2pNode node = nodes.get(i);
            String jsKeyType = switch (node.keyType()) {
                case ED25519 -> "Ed25519";
                case SECP256K1 -> "secp256k1";
                case RSA -> "RSA";
                case ECDSA -> "ECDSA";
            };
            assertThat(node.agentVersion()).isEqualTo("peercensus-fixture/1.0 node-" + i + " " + jsKeyType);
            assertThat(node.protocolVersion()).isEqualTo("ipfs/0.1.0");
            assertThat(node.protocols()).contains("/ipfs/kad/1.0.0", "/ipfs/id/1.0.0", "/ipfs/ping/1.0.0").isSorted();
            assertThat(node.dhtMode()).isEqualTo("server");
        }
    }

    @Test
    void listensOnlyOnItsOwnLoopbackAddress() {
        List<JsLibp2pNode> nodes = network.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            List<InetSocketAddress> addresses = nodes.get(i).tcpAddresses();
            assertThat(addresses).as("node %d", i).hasSize(1);
            assertThat(addresses.get(0).getHostString()).isEqualTo(JsLibp2pNetwork.BASE_IP + (i + 1));
            assertThat(addresses.get(0).getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void everyListenAddressAcceptsATcpConnection() throws IOException {
        for (JsLibp2pNode node : network.nodes()) {
            for (InetSocketAddress address : node.tcpAddresses()) {
                try (Socket socket = new Socket()) {
                    socket.connect(address, 5_000);
                    assertThat(socket.isConnected()).as("%s", address).isTrue();
                }
            }
        }
    }

    @Test
    void routingTablesAreNonEmptyAndNameOnlyOtherNetworkPeers() {
        Set<String> peerIds = network.nodes().stream().map(JsLibp2pNode::peerId).collect(Collectors.toSet());
        for (JsLibp2pNode node : network.nodes()) {
            assertThat(node.routingTable()).as("routing table of %s", node.peerId())
                    .isNotEmpty()
                    .doesNotHaveDuplicates()
                    .doesNotContain(node.peerId())
                    .allMatch(peerIds::contains);
        }
    }

    @Test
    void everyNodeIsReachableFromNodeZeroThroughRoutingTables() {
        Map<String, JsLibp2pNode> byPeerId = network.nodes().stream()
                .collect(Collectors.toMap(JsLibp2pNode::peerId, Function.identity()));
        Set<String> reached = new HashSet<>();
        Deque<String> frontier = new ArrayDeque<>();
        String start = network.nodes().get(0).peerId();
        reached.add(start);
        frontier.add(start);
        while (!frontier.isEmpty()) {
            for (String next : byPeerId.get(frontier.removeFirst()).routingTable()) {
                if (byPeerId.containsKey(next) && reached.add(next)) {
                    frontier.addLast(next);
                }
            }
        }
        assertThat(reached).isEqualTo(byPeerId.keySet());
    }

    @Test
    void snapshotReportsTheSameNodesWithPopulatedTables() throws IOException {
        List<JsLibp2pNode> now = network.snapshot();
        assertThat(now).extracting(JsLibp2pNode::peerId)
                .containsExactlyElementsOf(network.nodes().stream().map(JsLibp2pNode::peerId).toList());
        assertThat(now).extracting(JsLibp2pNode::listenAddrs)
                .containsExactlyElementsOf(network.nodes().stream().map(JsLibp2pNode::listenAddrs).toList());
        assertThat(now).allSatisfy(node -> assertThat(node.routingTable()).isNotEmpty());
    }

    @Test
    void derivesTheSamePeerIdsFromTheSameSeedWhateverTheNodeCount() throws IOException {
        try (JsLibp2pNetwork small = JsLibp2pNetwork.start(3, SEED)) {
            assertThat(small.nodes()).extracting(JsLibp2pNode::peerId)
                    .containsExactlyElementsOf(network.nodes().subList(0, 3).stream().map(JsLibp2pNode::peerId).toList());
        }
    }

    @Test
    void tellsHowToInstallThePackagesWhenNodeModulesIsMissing(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("src", "test", "js", "network.mjs"), dir.resolve("network.mjs"));
        assertThatThrownBy(() -> JsLibp2pNetwork.start(dir, 3, SEED)).isInstanceOf(IOException.class)
                .hasMessageContaining("run `npm ci --prefix dht/src/test/js`");
    }
}
