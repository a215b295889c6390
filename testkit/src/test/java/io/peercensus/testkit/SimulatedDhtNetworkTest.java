package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchException;

import io.peercensus.ErrorClass;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.internal.yamux.YamuxStream;
import io.peercensus.dht.kad.KadMessage;
import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each node kind of a running simulated DHT, checked through real sockets with peercensus-dht's client side. */
class SimulatedDhtNetworkTest {

    private static final String KAD = KadMessage.IPFS_PROTOCOL_ID;

    private static SimulatedDhtNetwork net;
    private static DhtGroundTruth truth;

    @BeforeAll
    static void start() {
        net = SimulatedDhtNetwork.builder().nodes(60).seed(7)
                .undialableFraction(0.1).deadFraction(0.1).slowFraction(0.05).hostileFraction(0.1)
                .secp256k1Fraction(0.2).rsaFraction(0.02)
                .latency(Duration.ofMillis(1)).slowLatency(Duration.ofMillis(200))
                .start();
        truth = net.groundTruth();
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    @Test
    void theMixOfKindsAndKeysIsAsConfigured() {
        assertThat(truth.nodes()).hasSize(60);
        assertThat(truth.ofKind(DhtNodeKind.UNDIALABLE_BLACK_HOLE)).hasSize(6);
        assertThat(truth.ofKind(DhtNodeKind.DEAD)).hasSize(6);
        assertThat(truth.ofKind(DhtNodeKind.SLOW)).hasSize(3);
        assertThat(truth.ofKind(DhtNodeKind.HOSTILE_WRONG_IDENTITY)).hasSize(2);
        assertThat(truth.ofKind(DhtNodeKind.HOSTILE_GARBAGE)).hasSize(2);
        assertThat(truth.ofKind(DhtNodeKind.HOSTILE_OVERSIZED_FRAME)).hasSize(2);
        assertThat(truth.ofKind(DhtNodeKind.DIALABLE)).hasSize(39);
        assertThat(truth.seedNode().kind()).isEqualTo(DhtNodeKind.DIALABLE);
        assertThat(truth.nodes()).filteredOn(n -> n.keyType() == io.peercensus.dht.crypto.KeyType.SECP256K1).hasSize(12);
        assertThat(truth.nodes()).filteredOn(n -> n.keyType() == io.peercensus.dht.crypto.KeyType.RSA).hasSize(1);
        assertThat(net.bootstrap()).matches("/ip4/127\\.\\d+\\.\\d+\\.\\d+/tcp/\\d+/p2p/12D3KooW\\w+")
                .isEqualTo(truth.seedNode().dialAddress());
    }

    @Test
    void identifyAnswersMatchTheGroundTruth() throws Exception {
        for (DhtNodeTruth node : truth.nodes()) {
            if (!node.kind().isDialable()) {
                continue;
            }
            try (DhtTestClient client = DhtTestClient.dial(node)) {
                assertThat(client.connection.remotePeer()).isEqualTo(node.peerId());
                IdentifyMessage id = client.identify();
                assertThat(id.agentVersion()).isEqualTo(node.agentVersion());
                assertThat(id.protocols()).isEqualTo(node.protocols()).isSorted().contains(KAD, IdentifyMessage.PROTOCOL_ID);
                assertThat(id.listenMultiaddrs()).isEqualTo(node.listenAddrs());
                assertThat(id.protocolVersion()).isEqualTo("ipfs/0.1.0");
                assertThat(PeerId.fromPublicKey(io.peercensus.dht.crypto.PublicKey.fromProtobuf(id.publicKey()))).isEqualTo(node.peerId());
                Multiaddr observed = Multiaddr.read(id.observedAddr());
                assertThat(observed.ip()).contains(client.socket.getLocalAddress());
                assertThat(observed.tcpPort()).hasValue(client.socket.getLocalPort());
            }
        }
    }

    @Test
    void findNodeAnswersWithTheTwentyClosestPeersOfTheTableByXorDistance() throws Exception {
        SecureRandom random = DhtTestClient.seeded(3);
        for (DhtNodeTruth node : truth.ofKind(DhtNodeKind.DIALABLE).subList(0, 8)) {
            try (DhtTestClient client = DhtTestClient.dial(node)) {
                for (int k = 0; k < 5; k++) {
                    byte[] key = new byte[34];
                    random.nextBytes(key);
                    KadMessage answer = client.findNode(KAD, key);
                    assertThat(answer.key()).isEqualTo(key);
                    byte[] target = DhtTestClient.sha256(key);
                    List<PeerId> expected = node.routingTable().stream()
                            .sorted(Comparator.comparing((PeerId p) -> xor(target, DhtTestClient.sha256(p.toBytes())), Arrays::compareUnsigned))
                            .limit(20).toList();
                    assertThat(answer.closerPeers()).extracting(KadPeer::peerId).isEqualTo(expected);
                    for (KadPeer p : answer.closerPeers()) {
                        assertThat(p.multiaddrs()).isEqualTo(truth.node(p.peerId()).orElseThrow().listenAddrs());
                    }
                }
            }
        }
    }

    @Test
    void askingOneKeyPerBucketReadsTheWholeRoutingTable() throws Exception {
        SecureRandom random = DhtTestClient.seeded(4);
        for (DhtNodeTruth node : List.of(truth.seedNode(), truth.ofKind(DhtNodeKind.SLOW).get(0))) {
            byte[] self = DhtTestClient.sha256(node.peerId().toBytes());
            int deepest = node.routingTable().stream()
                    .mapToInt(p -> DhtTestClient.commonPrefixLength(self, DhtTestClient.sha256(p.toBytes()))).max().orElseThrow();
            Set<PeerId> found = new HashSet<>();
            try (DhtTestClient client = DhtTestClient.dial(node)) {
                for (int cpl = 0; cpl <= deepest; cpl++) {
                    found.addAll(client.findNode(KAD, keyInBucket(self, cpl, random)).closerPeers().stream()
                            .map(KadPeer::peerId).toList());
                }
            }
            assertThat(found).containsExactlyInAnyOrderElementsOf(node.routingTable());
            assertThat(node.routingTable()).hasSizeGreaterThan(20).doesNotHaveDuplicates().doesNotContain(node.peerId());
        }
    }

    /** A random key whose Kademlia ID shares exactly {@code cpl} leading bits with {@code self}, found by trying. */
    private static byte[] keyInBucket(byte[] self, int cpl, SecureRandom random) {
        byte[] key = new byte[34];
        while (true) {
            random.nextBytes(key);
            if (DhtTestClient.commonPrefixLength(self, DhtTestClient.sha256(key)) == cpl) {
                return key;
            }
        }
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    @Test
    void aSlowNodeAnswersWithinTheWait() throws Exception {
        DhtNodeTruth slow = truth.ofKind(DhtNodeKind.SLOW).get(0);
        try (DhtTestClient client = DhtTestClient.dial(slow)) {
            assertThat(client.identify().agentVersion()).isEqualTo(slow.agentVersion());
            assertThat(client.findNode(KAD, new byte[] {1, 2, 3}).closerPeers()).hasSize(20);
        }
    }

    @Test
    void pingIsEchoed() throws Exception {
        try (DhtTestClient client = DhtTestClient.dial(truth.seedNode())) {
            YamuxStream stream = client.connection.newStream("/ipfs/ping/1.0.0", Deadline.after(DhtTestClient.TIMEOUT));
            byte[] ping = new byte[32];
            DhtTestClient.seeded(5).nextBytes(ping);
            stream.await("ping", Deadline.after(DhtTestClient.TIMEOUT));
            stream.output().write(ping);
            stream.output().flush();
            assertThat(stream.input().readExactly(32, "pong")).isEqualTo(ping);
            stream.close();
            assertThat(stream.input().read()).isEqualTo(-1);
        }
    }

    @Test
    void aBlackHoleCostsAConnectTimeout() {
        for (DhtNodeTruth node : truth.ofKind(DhtNodeKind.UNDIALABLE_BLACK_HOLE)) {
            assertThatThrownBy(() -> DhtTestClient.connect(node.listenAddrs().get(0), 200).close())
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(node.kind().expectedError()).contains(ErrorClass.TIMEOUT);
        }
    }

    @Test
    void aDeadAddressRefusesAtOnce() {
        for (DhtNodeTruth node : truth.ofKind(DhtNodeKind.DEAD)) {
            assertThatThrownBy(() -> DhtTestClient.connect(node.listenAddrs().get(0), 2_000).close())
                    .isInstanceOf(ConnectException.class);
            assertThat(node.kind().expectedError()).contains(ErrorClass.REFUSED);
        }
    }

    @Test
    void aNodeProvingAnotherIdentityFailsTheHandshake() throws Exception {
        for (DhtNodeTruth node : truth.ofKind(DhtNodeKind.HOSTILE_WRONG_IDENTITY)) {
            assertThat(node.presentedPeerId()).isNotEqualTo(node.peerId());
            Exception e = catchException(() -> DhtTestClient.dial(node).close());
            assertThat(DhtTestClient.errorClass(e)).isEqualTo(ErrorClass.HANDSHAKE);
            assertThat(e).hasMessage("noise: remote is " + node.presentedPeerId() + ", expected " + node.peerId());
            try (DhtTestClient client = DhtTestClient.dial(node, node.presentedPeerId())) {
                assertThat(client.identify().agentVersion()).isEqualTo(node.agentVersion()); // otherwise a working node
            }
        }
    }

    @Test
    void garbageAndOversizedFramesAfterTheHandshakeAreProtocolErrors() throws Exception {
        List<DhtNodeTruth> hostile = new java.util.ArrayList<>(truth.ofKind(DhtNodeKind.HOSTILE_GARBAGE));
        hostile.addAll(truth.ofKind(DhtNodeKind.HOSTILE_OVERSIZED_FRAME));
        assertThat(hostile).hasSize(4);
        for (DhtNodeTruth node : hostile) {
            try (DhtTestClient client = DhtTestClient.dial(node)) {
                Exception e = catchException(client::identify);
                assertThat(DhtTestClient.errorClass(e)).isEqualTo(ErrorClass.PROTOCOL);
                assertThat(e).hasMessageStartingWith(node.kind().expectedTransportError().orElseThrow());
            }
        }
    }

    @Test
    void everyNodeKnowsItsOwnAddressOnly() throws Exception {
        Set<InetAddress> addresses = new HashSet<>();
        for (DhtNodeTruth node : truth.nodes()) {
            Multiaddr a = node.listenAddrs().get(0);
            assertThat(a.toString()).matches("/ip4/127\\.\\d+\\.\\d+\\.\\d+/tcp/\\d+");
            assertThat(a.ip().orElseThrow().getAddress()[1]).isNotZero();
            addresses.add(a.ip().orElseThrow());
        }
        assertThat(addresses).hasSize(truth.nodes().size());
    }
}
