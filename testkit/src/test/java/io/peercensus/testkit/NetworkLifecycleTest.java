package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.wire.VersionMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Starting, describing and closing whole networks. */
class NetworkLifecycleTest {

    private static SimulatedBitcoinNetwork.Builder small(long seed) {
        return SimulatedBitcoinNetwork.builder().nodes(60).seed(seed).messageLatency(Duration.ZERO)
                .addrReplyDelay(Duration.ZERO).hostileFraction(0.1).blackHoleFraction(0.05);
    }

    /** Everything of a ground truth that the seed decides: all but the ephemeral ports. */
    private static List<String> withoutPorts(BitcoinGroundTruth truth) {
        return truth.nodes().stream().map(n -> n.endpoint().address() + " " + n.kind() + " " + n.version() + " "
                + n.announces().stream().map(e -> e.address().toString()).toList()).toList();
    }

    @Test
    void sameSeedGivesTheSameNetworkAndAnotherSeedAnother() {
        try (SimulatedBitcoinNetwork a = small(5).start();
             SimulatedBitcoinNetwork b = small(5).start();
             SimulatedBitcoinNetwork c = small(6).start()) {
            assertThat(withoutPorts(b.groundTruth())).isEqualTo(withoutPorts(a.groundTruth()));
            assertThat(withoutPorts(c.groundTruth())).isNotEqualTo(withoutPorts(a.groundTruth()));
            assertThat(a.groundTruth().nonIpAddresses()).isEqualTo(b.groundTruth().nonIpAddresses());
        }
    }

    @Test
    void everyReachableNodeIsReachableFromTheSeedInTheGroundTruth() {
        try (SimulatedBitcoinNetwork net = small(8).start()) {
            BitcoinGroundTruth truth = net.groundTruth();
            Set<Endpoint> heard = new HashSet<>(net.seedEndpoints());
            Set<Endpoint> reached = new HashSet<>();
            ArrayDeque<Endpoint> queue = new ArrayDeque<>(net.seedEndpoints());
            while (!queue.isEmpty()) {
                BitcoinNodeTruth node = truth.node(queue.poll()).orElseThrow();
                if (!node.kind().isReachable()) {
                    continue;
                }
                reached.add(node.endpoint());
                for (Endpoint e : node.announcedTo(true)) {
                    if (heard.add(e) && truth.node(e).isPresent()) {
                        queue.add(e);
                    }
                }
            }
            assertThat(reached).isEqualTo(truth.reachable());
            assertThat(heard).containsAll(truth.nonIpAddresses());
            assertThat(heard).containsAll(truth.nodes().stream().map(BitcoinNodeTruth::endpoint).toList());
        }
    }

    @Test
    void everyAddressIsInAPromptAnswerReachedFromTheSeedThroughPromptAnswersAlone() {
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(300).seed(12).start()) {
            BitcoinGroundTruth truth = net.groundTruth();
            Set<Endpoint> withinFiveSeconds = truth.answeringWithin(Duration.ofSeconds(5)); // slow nodes: 1-3 s + 2 s
            Set<Endpoint> heard = new HashSet<>(net.seedEndpoints());
            ArrayDeque<Endpoint> queue = new ArrayDeque<>(net.seedEndpoints());
            while (!queue.isEmpty()) {
                BitcoinNodeTruth node = truth.node(queue.poll()).orElseThrow();
                if (!node.kind().answersPromptly()) {
                    continue; // heard of, but its answer (late, split, hostile or none) is not needed
                }
                assertThat(withinFiveSeconds).contains(node.endpoint());
                for (Endpoint e : node.announcedTo(true)) {
                    if (heard.add(e) && truth.node(e).isPresent()) {
                        queue.add(e);
                    }
                }
            }
            assertThat(heard).containsAll(truth.handshaking()).containsAll(truth.nonIpAddresses())
                    .containsAll(truth.nodes().stream().map(BitcoinNodeTruth::endpoint).toList());
            assertThat(truth.ofKind(BitcoinNodeKind.TRICKLE)).hasSize(30);
        }
    }

    /** A digest of everything the seed decides in a ground truth (no ports), to pin a network across releases. */
    private static String fingerprint(BitcoinGroundTruth truth) throws NoSuchAlgorithmException {
        StringBuilder sb = new StringBuilder();
        for (BitcoinNodeTruth n : truth.nodes()) {
            sb.append(n.endpoint().address()).append(' ').append(n.kind()).append(' ');
            n.version().ifPresent(v -> sb.append(v.version()).append(',').append(v.services()).append(',')
                    .append(HexFormat.of().formatHex(v.userAgent())).append(',').append(v.startHeight()).append(',')
                    .append(v.relay()));
            sb.append(' ');
            n.announces().forEach(e -> sb.append(e.address())
                    .append(e.address().type().name().startsWith("IPV") ? "" : ":" + e.port()).append(';'));
            sb.append('\n');
        }
        truth.nonIpAddresses().forEach(e -> sb.append(e.canonical()).append('\n'));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The digests were taken from the simulator before the newer kinds existed, with its defaults then. */
    @ParameterizedTest
    @CsvSource({
        "500, 42, 0.02, 9887b67a16008c4df1edfe21ccbcb7c3c7851a30abf0216178cf35326448c289",
        "1000, 7, 0.05, 28b59b24fe27f4d8d96490346c2fc5cbad1317b231c8b703b0ecaf9422355652",
    })
    void theClassicMixReproducesTheNetworkOfEarlierReleases(int nodes, long seed, double hostile, String digest)
            throws NoSuchAlgorithmException {
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().classicMix().nodes(nodes).seed(seed)
                .hostileFraction(hostile).start()) {
            assertThat(fingerprint(net.groundTruth())).isEqualTo(digest);
            BitcoinGroundTruth truth = net.groundTruth();
            assertThat(truth.seedNode().versionDelay()).contains(Duration.ofMillis(20));
            assertThat(truth.seedNode().answerDelay()).contains(Duration.ofMillis(120));
            assertThat(truth.ofKind(BitcoinNodeKind.SLOW)).allSatisfy(n ->
                    assertThat(n.answerDelay()).contains(Duration.ofSeconds(3)));
        }
    }

    @Test
    void nonIpAddressesHaveTheirCanonicalForms() {
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(100).seed(3)
                .onionFraction(0.05).i2pFraction(0.05).cjdnsFraction(0.05).start()) {
            List<String> names = net.groundTruth().nonIpAddresses().stream().map(Endpoint::canonical).toList();
            assertThat(names).hasSize(15);
            assertThat(names.stream().filter(s -> s.matches("[a-z2-7]{56}\\.onion:8333"))).hasSize(5);
            assertThat(names.stream().filter(s -> s.matches("[a-z2-7]{52}\\.b32\\.i2p:0"))).hasSize(5);
            assertThat(names.stream().filter(s -> s.matches("\\[fc[0-9a-f:]+]:8333"))).hasSize(5);
            names.forEach(s -> assertThat(Endpoint.parse(s).canonical()).isEqualTo(s));
        }
    }

    @Test
    void networkParametersChooseTheMagic() throws IOException {
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(5).seed(1)
                .network(BitcoinNetworkParams.REGTEST).deadFraction(0).start();
             TestPeer peer = TestPeer.connect(net.seedEndpoints().get(0), BitcoinNetworkParams.REGTEST.magic(), 1_000, 3_000)) {
            assertThat(net.magic()).isEqualTo(BitcoinNetworkParams.REGTEST.magic());
            VersionMessage v = peer.handshake(true);
            assertThat(AnnouncedVersion.of(v)).isEqualTo(net.groundTruth().seedNode().version().orElseThrow());
        }
    }

    @Test
    void closeReleasesEveryPortAndThread() throws IOException {
        SimulatedBitcoinNetwork net = small(9).start();
        BitcoinGroundTruth truth = net.groundTruth();
        try (TestPeer peer = TestPeer.connect(net.seedEndpoints().get(0), net.magic(), 1_000, 3_000)) {
            peer.handshake(true); // a live connection at close time
            net.close();
            net.close(); // idempotent
            peer.input().readAllBytes(); // the rest of what the node sent, then end of stream (not a timeout)
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("peercensus-btcsim-"));
        for (BitcoinNodeTruth node : truth.nodes()) {
            try (ServerSocket rebind = new ServerSocket()) {
                rebind.bind(node.endpoint().toInetSocketAddress());
            }
        }
        assertThatThrownBy(() -> TestPeer.connect(net.seedEndpoints().get(0), net.magic(), 1_000, 1_000))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void builderRejectsBadSettings() {
        assertThatThrownBy(() -> SimulatedBitcoinNetwork.builder().nodes(0).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("nodes must be 1 to 50000, got 0");
        assertThatThrownBy(() -> SimulatedBitcoinNetwork.builder().deadFraction(1.5).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("DEAD must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> SimulatedBitcoinNetwork.builder().messageLatency(Duration.ofMillis(-1)).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("messageLatency must be 0 to 10 minutes");
        assertThatThrownBy(() -> SimulatedBitcoinNetwork.builder().addrAnswerSize(1001).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("addrAnswerSize must be 1 to 1000, got 1001");
    }
}
