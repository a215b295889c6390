package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.BitcoinWireException;
import io.peercensus.btc.wire.GetAddrMessage;
import io.peercensus.btc.wire.SendAddrV2Message;
import io.peercensus.btc.wire.VerackMessage;
import io.peercensus.btc.wire.VersionMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each node kind of a running network, checked through real sockets with a blocking client built on the codec. */
class SimulatedBitcoinNetworkTest {

    /** How long a silence must last to count as "never answers": 20 times a well-behaved node's slowest answer. */
    private static final int SILENCE_MILLIS = 600;
    private static final int READ_MILLIS = 3_000;

    private static SimulatedBitcoinNetwork net;
    private static BitcoinGroundTruth truth;

    @BeforeAll
    static void start() {
        net = SimulatedBitcoinNetwork.builder()
                .nodes(150).seed(7)
                .deadFraction(0.2).tarpitFraction(0.02).blackHoleFraction(0.02).hostileFraction(0.07)
                .oldNodeFraction(0.08).slowFraction(0.02).neverAnswersGetaddrFraction(0.03).oddAgentFraction(0.06)
                .onionFraction(0.05).i2pFraction(0.02).cjdnsFraction(0.02)
                .trickleFraction(0.03).splitAnswerFraction(0.02).gossipFirstFraction(0.02).lateVersionFraction(0.02)
                .badChecksumAfterHandshakeFraction(0.02).hostileAfterHandshakeFraction(0.04)
                .messageLatency(Duration.ofMillis(5)).addrReplyDelay(Duration.ofMillis(25))
                .slowLatency(Duration.ofMillis(100)).slowAddrReplyDelay(Duration.ofMillis(200))
                .trickleMean(Duration.ofMillis(100)).splitAnswerGap(Duration.ofMillis(5), Duration.ofMillis(20))
                .gossipAnswerDelay(Duration.ofMillis(5), Duration.ofMillis(20))
                .lateVersionDelay(Duration.ofMillis(100), Duration.ofMillis(200))
                .start();
        truth = net.groundTruth();
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    private static TestPeer dial(BitcoinNodeTruth node) throws IOException {
        return TestPeer.connect(node.endpoint(), net.magic(), 1_000, READ_MILLIS);
    }

    private static BitcoinNodeTruth first(BitcoinNodeKind kind) {
        assertThat(truth.ofKind(kind)).as("nodes of kind %s", kind).isNotEmpty();
        return truth.ofKind(kind).get(0);
    }

    @Test
    void wellBehavedNodeAnnouncesItselfThenAnswersInAddrV2() throws IOException {
        BitcoinNodeTruth seed = truth.seedNode();
        assertThat(net.seedEndpoints()).containsExactly(seed.endpoint());
        try (TestPeer peer = dial(seed)) {
            VersionMessage version = peer.handshake(true);
            assertThat(AnnouncedVersion.of(version)).isEqualTo(seed.version().orElseThrow());
            assertThat(peer.receivedCommand("sendaddrv2")).isTrue();
            assertThat(peer.receivedCommand("wtxidrelay")).isTrue();
            List<BitcoinMessage> answers = peer.getaddr();
            assertThat(answers.get(0)).isInstanceOf(AddrV2Message.class);
            assertThat(TestPeer.endpoints(answers.get(0))).containsExactly(seed.endpoint());
            assertThat(answers.get(1)).isInstanceOf(AddrV2Message.class);
            assertThat(TestPeer.endpoints(answers.get(1))).containsExactlyElementsOf(seed.announces());
            assertThat(seed.announces()).hasSizeGreaterThan(1);
        }
    }

    @Test
    void nodeAnswersInAddrWithoutNonIpAddressesWhenThePeerDidNotSendSendaddrv2() throws IOException {
        BitcoinNodeTruth node = truth.ofKind(BitcoinNodeKind.REACHABLE).stream()
                .filter(n -> n.announces().stream().anyMatch(e -> e.address().type() != AddressType.IPV4))
                .findFirst().orElseThrow();
        try (TestPeer peer = dial(node)) {
            peer.handshake(false);
            List<BitcoinMessage> answers = peer.getaddr();
            assertThat(answers).allMatch(m -> m instanceof AddrMessage);
            assertThat(TestPeer.endpoints(answers.get(0))).containsExactly(node.endpoint());
            List<Endpoint> real = TestPeer.endpoints(answers.get(1));
            assertThat(real).containsExactlyElementsOf(node.announcedTo(false));
            assertThat(real).hasSizeLessThan(node.announces().size()).allMatch(e -> e.address().type() == AddressType.IPV4);
        }
    }

    @Test
    void oldNodeNeverSpeaksAddrV2() throws IOException {
        BitcoinNodeTruth old = first(BitcoinNodeKind.OLD);
        try (TestPeer peer = dial(old)) {
            VersionMessage version = peer.handshake(true);
            assertThat(version.version()).isLessThanOrEqualTo(70015);
            assertThat(AnnouncedVersion.of(version)).isEqualTo(old.version().orElseThrow());
            List<BitcoinMessage> answers = peer.getaddr();
            assertThat(answers).allMatch(m -> m instanceof AddrMessage);
            assertThat(TestPeer.endpoints(answers.get(1))).containsExactlyElementsOf(old.announces());
            assertThat(peer.receivedCommand("sendaddrv2")).isFalse();
            assertThat(peer.receivedCommand("wtxidrelay")).isFalse();
        }
    }

    @Test
    void everyNodeThatHandshakesAnnouncesExactlyItsGroundTruthVersion() throws IOException {
        int checked = 0;
        for (BitcoinNodeTruth node : truth.nodes()) {
            if (node.version().isEmpty()) {
                continue;
            }
            try (TestPeer peer = dial(node)) {
                assertThat(AnnouncedVersion.of(peer.handshake(true))).as("%s %s", node.kind(), node.endpoint())
                        .isEqualTo(node.version().get());
            }
            checked++;
        }
        assertThat(checked).isEqualTo(truth.handshaking().size());
        assertThat(truth.handshaking()).containsAll(truth.reachable())
                .contains(first(BitcoinNodeKind.HOSTILE_ADDR_COUNT).endpoint(),
                        first(BitcoinNodeKind.HOSTILE_AFTER_HANDSHAKE_MALFORMED).endpoint());
    }

    @Test
    void oddAgentNodesCarryEveryOddUserAgent() {
        List<AnnouncedVersion> odd = truth.ofKind(BitcoinNodeKind.ODD_AGENT).stream()
                .map(n -> n.version().orElseThrow()).toList();
        assertThat(odd).hasSizeGreaterThanOrEqualTo(8);
        assertThat(odd).anyMatch(v -> contains(v.userAgent(), (byte) 0));
        assertThat(odd).anyMatch(v -> contains(v.userAgent(), (byte) '\n'));
        assertThat(odd).anyMatch(v -> contains(v.userAgent(), (byte) '"') && contains(v.userAgent(), (byte) '\\'));
        assertThat(odd).anyMatch(v -> v.userAgentString().contains("\u2028"));
        assertThat(odd).anyMatch(v -> v.userAgentString().contains("\ufffd"));
        assertThat(odd).anyMatch(v -> v.userAgent().length == VersionMessage.MAX_USER_AGENT_LENGTH);
        assertThat(BitcoinNodeKind.ODD_AGENT.isReachable()).isTrue();
    }

    private static boolean contains(byte[] bytes, byte b) {
        for (byte x : bytes) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    @Test
    void nodeThatNeverAnswersGetaddrStaysSilentAfterTheHandshake() throws IOException {
        try (TestPeer peer = TestPeer.connect(first(BitcoinNodeKind.NEVER_ANSWERS_GETADDR).endpoint(), net.magic(),
                1_000, SILENCE_MILLIS)) {
            peer.handshake(true);
            peer.send(GetAddrMessage.INSTANCE);
            assertThatThrownBy(peer::nextAddr).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void nodeAnswersGetaddrOnlyOnce() throws IOException {
        try (TestPeer peer = TestPeer.connect(truth.seedNode().endpoint(), net.magic(), 1_000, SILENCE_MILLIS)) {
            peer.handshake(true);
            peer.getaddr();
            peer.send(GetAddrMessage.INSTANCE);
            assertThatThrownBy(peer::nextAddr).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void slowNodeAnswersEveryWaitInTime() throws IOException {
        BitcoinNodeTruth slow = first(BitcoinNodeKind.SLOW);
        try (TestPeer peer = dial(slow)) {
            assertThat(AnnouncedVersion.of(peer.handshake(true))).isEqualTo(slow.version().orElseThrow());
            assertThat(TestPeer.endpoints(peer.getaddr().get(1))).containsExactlyElementsOf(slow.announces());
        }
    }

    @Test
    void tarpitAcceptsThenNeverSpeaksNorCloses() throws IOException {
        try (TestPeer peer = TestPeer.connect(first(BitcoinNodeKind.TARPIT).endpoint(), net.magic(), 1_000,
                SILENCE_MILLIS)) {
            peer.send(peer.ourVersion(), SendAddrV2Message.INSTANCE, VerackMessage.INSTANCE);
            assertThatThrownBy(peer::readByte).isInstanceOf(SocketTimeoutException.class);
            peer.send(GetAddrMessage.INSTANCE); // still open: the write is accepted, and still nothing comes
            assertThatThrownBy(peer::readByte).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void deadAddressRefusesTheConnectAtOnce() {
        for (BitcoinNodeTruth dead : truth.ofKind(BitcoinNodeKind.DEAD)) {
            assertThatThrownBy(() -> TestPeer.connect(dead.endpoint(), net.magic(), 5_000, READ_MILLIS))
                    .isInstanceOf(ConnectException.class).hasMessageContaining("refused");
        }
    }

    @Test
    void blackHoleConnectTimesOut() {
        for (BitcoinNodeTruth hole : truth.ofKind(BitcoinNodeKind.BLACK_HOLE)) {
            for (int attempt = 0; attempt < 2; attempt++) { // the accept queue stays full
                assertThatThrownBy(() -> TestPeer.connect(hole.endpoint(), net.magic(), 300, READ_MILLIS))
                        .isInstanceOf(SocketTimeoutException.class);
            }
        }
    }

    @Test
    void hostileNodesFailTheBlockingFrameReaderWithTheirExpectedError() throws IOException {
        int checked = 0;
        for (BitcoinNodeTruth node : truth.nodes()) {
            if (!node.kind().isHostile()) {
                continue;
            }
            try (TestPeer peer = dial(node)) {
                peer.send(peer.ourVersion(), SendAddrV2Message.INSTANCE, VerackMessage.INSTANCE, GetAddrMessage.INSTANCE);
                BitcoinWireException e = TestPeer.expectWireFailure(peer);
                assertThat(e).as("%s", node.kind()).hasMessageStartingWith(node.kind().expectedWireError().orElseThrow());
                assertThat(truth.expectedHostileErrors()).containsEntry(node.endpoint(), node.kind().expectedWireError().get());
            }
            checked++;
        }
        assertThat(checked).isEqualTo(truth.expectedHostileErrors().size()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void hostileNodesFailTheNonBlockingFrameDecoder() throws IOException {
        for (BitcoinNodeKind kind : BitcoinNodeKind.values()) {
            if (!kind.isHostile()) {
                continue;
            }
            try (TestPeer peer = dial(first(kind))) {
                peer.send(peer.ourVersion(), SendAddrV2Message.INSTANCE, VerackMessage.INSTANCE, GetAddrMessage.INSTANCE);
                InputStream in = peer.input();
                if (kind == BitcoinNodeKind.HOSTILE_TRUNCATED || kind == BitcoinNodeKind.HOSTILE_AFTER_HANDSHAKE_TRUNCATED) {
                    ByteBuffer left = TestPeer.decodeUntilFailure(in, net.magic());
                    assertThat(left.remaining()).as("half a frame, then end of stream").isGreaterThan(24);
                } else {
                    assertThatThrownBy(() -> TestPeer.decodeUntilFailure(in, net.magic()))
                            .isInstanceOf(BitcoinWireException.class)
                            .hasMessageStartingWith(kind.expectedWireError().orElseThrow());
                }
            }
        }
    }

    @Test
    void badMagicNodeUsesAnotherNetworksMagic() throws IOException {
        try (TestPeer peer = dial(first(BitcoinNodeKind.HOSTILE_BAD_MAGIC))) {
            peer.send(peer.ourVersion());
            assertThat(TestPeer.expectWireFailure(peer)).hasMessage(String.format("bad magic 0x%08x, expected 0x%08x",
                    BitcoinNetworkParams.TESTNET3.magic(), BitcoinNetworkParams.MAINNET.magic()));
        }
    }

    @Test
    void malformedInputFromThePeerClosesTheConnection() throws IOException {
        try (Socket raw = new Socket()) {
            raw.connect(truth.seedNode().endpoint().toInetSocketAddress(), 1_000);
            raw.setSoTimeout(READ_MILLIS);
            raw.getOutputStream().write(new byte[24]); // a header with magic 00000000
            assertThat(raw.getInputStream().read()).isEqualTo(-1);
        }
    }
}
