package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.BitcoinWireException;
import io.peercensus.btc.wire.GetAddrMessage;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node kinds that model how real nodes answer late, in parts or after other messages, checked on the wire
 * against their ground truth. The network's delays are shrunk (a trickle mean of 400 ms instead of 30 s) so the
 * tests are fast; the shapes are the defaults'. Silences are checked one-sidedly: nothing arrives before the node's
 * ground-truth delay has nearly passed.
 */
class NodeBehaviourTest {

    private static final int READ_MILLIS = 5_000;

    private static SimulatedBitcoinNetwork net;
    private static BitcoinGroundTruth truth;

    @BeforeAll
    static void start() {
        net = SimulatedBitcoinNetwork.builder().nodes(120).seed(31)
                .deadFraction(0.1).tarpitFraction(0).blackHoleFraction(0).oldNodeFraction(0.05).slowFraction(0)
                .trickleFraction(0.1).splitAnswerFraction(0.05).gossipFirstFraction(0.08).lateVersionFraction(0.03)
                .badChecksumAfterHandshakeFraction(0.03).hostileFraction(0).hostileAfterHandshakeFraction(0.05)
                .messageLatency(Duration.ofMillis(5)).addrReplyDelay(Duration.ofMillis(20))
                .trickleMean(Duration.ofMillis(400)).splitAnswerGap(Duration.ofMillis(30), Duration.ofMillis(150))
                .gossipAnswerDelay(Duration.ofMillis(30), Duration.ofMillis(150))
                .lateVersionDelay(Duration.ofMillis(400), Duration.ofMillis(700))
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

    private static List<BitcoinNodeTruth> all(BitcoinNodeKind kind) {
        assertThat(truth.ofKind(kind)).as("nodes of kind %s", kind).isNotEmpty();
        return truth.ofKind(kind);
    }

    private static List<BitcoinAddrSend> sends(BitcoinNodeTruth node, BitcoinAddrSend.Role role) {
        return node.addrSends().stream().filter(s -> s.role() == role).toList();
    }

    @Test
    void trickleNodeAnnouncesItselfAtOnceThenAnswersAfterItsOwnDelay() throws IOException {
        BitcoinNodeTruth node = all(BitcoinNodeKind.TRICKLE).stream()
                .max(Comparator.comparing(n -> n.answerDelay().orElseThrow())).orElseThrow();
        assertThat(node.addrSends()).extracting(BitcoinAddrSend::role)
                .containsExactly(BitcoinAddrSend.Role.SELF_ANNOUNCEMENT, BitcoinAddrSend.Role.ANSWER);
        Duration self = node.addrSends().get(0).delay();
        Duration answer = node.answerDelay().orElseThrow();
        assertThat(self).isEqualTo(Duration.ofMillis(5));
        long waitMillis = answer.minus(self).toMillis();
        assertThat(waitMillis).as("the longest of the trickle delays drawn").isGreaterThan(400);
        assertThat(node.version().orElseThrow().userAgentString()).startsWith("/Satoshi:0.21.");
        try (TestPeer peer = dial(node)) {
            peer.handshake(true);
            peer.send(GetAddrMessage.INSTANCE);
            assertThat(TestPeer.endpoints(peer.nextAddr())).containsExactly(node.endpoint());
            peer.readTimeout((int) (waitMillis / 2));
            assertThatThrownBy(peer::nextAddr).as("nothing before the trickle delay")
                    .isInstanceOf(SocketTimeoutException.class);
            peer.readTimeout(READ_MILLIS);
            assertThat(TestPeer.endpoints(peer.nextAddr())).containsExactlyElementsOf(node.announces());
        }
    }

    @Test
    void splitAnswerNodeSendsPartsOfMoreThanTenEntriesWhoseUnionIsItsAnswer() throws IOException {
        for (BitcoinNodeTruth node : all(BitcoinNodeKind.SPLIT_ANSWER)) {
            List<BitcoinAddrSend> parts = sends(node, BitcoinAddrSend.Role.ANSWER);
            assertThat(parts).hasSizeBetween(2, 4).hasSameSizeAs(node.addrSends());
            assertThat(node.announces()).hasSizeGreaterThanOrEqualTo(22);
            List<Endpoint> union = new ArrayList<>();
            try (TestPeer peer = dial(node)) {
                peer.handshake(true);
                peer.send(GetAddrMessage.INSTANCE);
                for (BitcoinAddrSend part : parts) {
                    BitcoinMessage m = peer.nextAddr();
                    assertThat(m).isInstanceOf(AddrV2Message.class);
                    List<Endpoint> got = TestPeer.endpoints(m);
                    assertThat(got).hasSizeGreaterThan(10).containsExactlyElementsOf(part.entries());
                    union.addAll(got);
                }
            }
            assertThat(union).containsExactlyElementsOf(node.announces());
            assertThat(node.advertisedOthers(true)).containsExactlyElementsOf(node.announces());
            assertThat(node.answerDelay()).contains(parts.get(parts.size() - 1).delay());
        }
    }

    @Test
    void gossipFirstNodeSendsAtMostTenEntriesBeforeItsAnswer() throws IOException {
        Set<BitcoinAddrSend.Role> firstRoles = new LinkedHashSet<>();
        for (BitcoinNodeTruth node : all(BitcoinNodeKind.GOSSIP_FIRST)) {
            BitcoinAddrSend first = node.addrSends().get(0);
            firstRoles.add(first.role());
            try (TestPeer peer = dial(node)) {
                peer.handshake(true);
                peer.send(GetAddrMessage.INSTANCE);
                List<Endpoint> before = TestPeer.endpoints(peer.nextAddr());
                assertThat(before).hasSizeBetween(1, 10).containsExactlyElementsOf(first.entries());
                assertThat(TestPeer.endpoints(peer.nextAddr())).containsExactlyElementsOf(node.announces());
            }
            Set<Endpoint> expected = new LinkedHashSet<>(first.entries());
            expected.addAll(node.announces());
            expected.remove(node.endpoint());
            assertThat(node.advertisedOthers(true)).isEqualTo(expected);
            if (first.role() == BitcoinAddrSend.Role.GOSSIP) {
                assertThat(first.entries()).hasSizeBetween(1, 3).doesNotContain(node.endpoint());
            } else {
                assertThat(first.entries()).containsExactly(node.endpoint());
            }
        }
        assertThat(firstRoles).contains(BitcoinAddrSend.Role.GOSSIP);
    }

    @Test
    void lateVersionNodeSaysNothingUntilItsDelayThenHandshakesAndAnswers() throws IOException {
        for (BitcoinNodeTruth node : all(BitcoinNodeKind.LATE_VERSION)) {
            Duration delay = node.versionDelay().orElseThrow();
            assertThat(delay).isBetween(Duration.ofMillis(400), Duration.ofMillis(700));
            try (TestPeer peer = dial(node)) {
                peer.sendHello(true);
                peer.readTimeout(200);
                assertThatThrownBy(peer::readByte).as("no version before its delay")
                        .isInstanceOf(SocketTimeoutException.class);
                peer.readTimeout(READ_MILLIS);
                assertThat(AnnouncedVersion.of(peer.awaitHandshake())).isEqualTo(node.version().orElseThrow());
                List<BitcoinMessage> answers = peer.getaddr();
                assertThat(TestPeer.endpoints(answers.get(1))).containsExactlyElementsOf(node.announces());
            }
        }
        assertThat(truth.seedNode().versionDelay()).contains(Duration.ofMillis(5));
    }

    @Test
    void badChecksumNodeSendsOneBadFrameThenItsWholeAnswerOnTheSameConnection() throws IOException {
        for (BitcoinNodeTruth node : all(BitcoinNodeKind.BAD_CHECKSUM_AFTER_HANDSHAKE)) {
            assertThat(node.expectedError()).isEmpty();
            assertThat(node.handshakes()).isTrue();
            try (TestPeer peer = dial(node)) {
                peer.handshake(true);
                peer.dropBadChecksums = true; // as Bitcoin Core does
                List<BitcoinMessage> answers = peer.getaddr();
                assertThat(peer.droppedBadChecksums).isEqualTo(1);
                assertThat(TestPeer.endpoints(answers.get(0))).containsExactly(node.endpoint());
                assertThat(TestPeer.endpoints(answers.get(1))).containsExactlyElementsOf(node.announces());
            }
            try (TestPeer strict = dial(node)) {
                strict.handshake(true);
                strict.send(GetAddrMessage.INSTANCE);
                assertThat(TestPeer.expectWireFailure(strict)).hasMessageStartingWith("checksum mismatch for 'ping'");
            }
        }
    }

    @Test
    void nodesThatMisbehaveAfterTheHandshakeCompleteItAndAdvertiseAtMostThemselves() throws IOException {
        int checked = 0;
        for (BitcoinNodeTruth node : truth.nodes()) {
            if (!node.kind().isHostileAfterHandshake()) {
                continue;
            }
            assertThat(node.handshakes()).isTrue();
            assertThat(node.kind().isReachable()).as("reached, then ended early").isTrue();
            assertThat(node.advertisedOthers(true)).isEmpty();
            assertThat(node.answerDelay()).isEmpty();
            try (TestPeer peer = dial(node)) {
                assertThat(AnnouncedVersion.of(peer.handshake(true))).isEqualTo(node.version().orElseThrow());
                peer.send(GetAddrMessage.INSTANCE);
                if (!node.advertised(true).isEmpty()) {
                    assertThat(TestPeer.endpoints(peer.nextAddr())).containsExactly(node.endpoint());
                }
                BitcoinWireException e = TestPeer.expectWireFailure(peer);
                assertThat(e).hasMessageStartingWith(node.kind().expectedWireError().orElseThrow());
                assertThat(peer.received).noneMatch(m -> m instanceof AddrMessage a && a.entries().size() > 1);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(6);
        assertThat(truth.handshaking()).isEqualTo(truth.reachable());
    }

    @Test
    void answeringWithinGivesTheNodesWhoseWholeAnswerIsOutInTime() {
        Set<Endpoint> prompt = truth.answeringWithin(Duration.ofMillis(25));
        for (BitcoinNodeTruth node : truth.nodes()) {
            boolean expected = switch (node.kind()) {
                case REACHABLE, OLD, ODD_AGENT, LATE_VERSION, BAD_CHECKSUM_AFTER_HANDSHAKE -> true; // 5 + 20 ms
                case TRICKLE -> node.answerDelay().orElseThrow().compareTo(Duration.ofMillis(25)) <= 0;
                default -> false; // gossip and split answers come 30 ms or more later; the rest never answer
            };
            assertThat(prompt.contains(node.endpoint())).as("%s %s", node.kind(), node.answerDelay())
                    .isEqualTo(expected);
        }
        assertThat(truth.answeringWithin(Duration.ofMinutes(10))).hasSize((int) truth.nodes().stream()
                .filter(n -> n.kind().answersGetaddr()).count());
    }
}
