package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.ConversationEnd;
import io.peercensus.CrawlSummary;
import io.peercensus.Crawlers;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.crawl.Waits;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance (issues 3 and 11): crawling a 2,000-node simulated network with the whole mix of real-world behaviour
 * (Core's 30 s trickle, split answers, gossip first, late versions, bad checksums, misbehaviour before and after the
 * handshake) through {@code Crawlers.bitcoin()} finds every node that completes a handshake with exactly what it
 * announced and, for every node whose answer falls inside the getaddr wait, exactly the addresses it advertised;
 * never calls a dead or silent address reachable; keeps a node that misbehaves after its handshake reachable with
 * class protocol, and one that misbehaves before it unreachable with class protocol; and records every onion, I2P
 * and CJDNS address as discovered with its correct name.
 *
 * <p>The waits are shorter than a real crawl's so the test takes seconds, not minutes: the message wait still
 * covers the late versions (6-10 s), and the ground truth says which answers fall inside the answer wait.
 */
class BitcoinCrawlerSimulationTest {
    /** The waits of the crawl: connect, each handshake message, the whole answer. */
    private static final Waits WAITS = Waits.ofSeconds(3, 12, 20);
    /** The answers the test holds the crawl to: those the ground truth sends a second inside the answer wait. */
    private static final Duration INSIDE_THE_WAIT = WAITS.answer().minusSeconds(1);
    private static BitcoinGroundTruth truth;
    private static final Map<String, Peer> observed = new HashMap<>();
    private static CrawlSummary summary;

    @BeforeAll
    static void crawl() {
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(2000).seed(2026).start()) {
            truth = net.groundTruth();
            PeerSink sink = peer -> {
                if (observed.put(peer.peerID(), peer) != null) {
                    throw new AssertionError("observed twice: " + peer.peerID());
                }
            };
            summary = Crawlers.bitcoin().seed(net.seedEndpoints().get(0).canonical()).loopbackOnly(true)
                    .waits(WAITS).run(sink);
        }
    }

    @Test
    void findsEveryNodeThatCompletesAHandshakeWithExactlyWhatItAnnounced() {
        Set<Endpoint> reachable = truth.handshaking();
        assertThat(reachable).hasSizeGreaterThan(1000);
        assertThat(truth.ofKind(BitcoinNodeKind.LATE_VERSION)).isNotEmpty();
        for (Endpoint e : reachable) {
            BitcoinNodeTruth node = truth.node(e).orElseThrow();
            AnnouncedVersion announced = node.version().orElseThrow();
            Peer p = observed.get(e.canonical());
            assertThat(p).as("observation of %s (%s)", e, node.kind()).isNotNull();
            assertThat(p.status()).as("%s (%s): %s", e, node.kind(), p.error()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.agentVersion()).isEqualTo(announced.userAgentString());
            assertThat(p.bitcoin().version()).isEqualTo(announced.version());
            assertThat(p.bitcoin().services()).isEqualTo(announced.services());
            assertThat(p.bitcoin().startHeight()).isEqualTo(announced.startHeight());
            assertThat(p.bitcoin().relay()).isEqualTo(announced.relay().orElse(null));
            if (p.bitcoin().userAgentRaw() != null) {
                assertThat(p.bitcoin().userAgentRaw()).isEqualTo(HexFormat.of().formatHex(announced.userAgent()));
            }
        }
        assertThat(summary.reachable()).isEqualTo(reachable.size());
    }

    @Test
    void everyNodeWhoseAnswerComesInsideTheWaitIsRecordedWithExactlyTheAddressesItAdvertised() {
        Set<Endpoint> inside = truth.answeringWithin(INSIDE_THE_WAIT);
        int checked = 0;
        int late = 0;
        for (Endpoint e : truth.handshaking()) {
            BitcoinNodeTruth node = truth.node(e).orElseThrow();
            Peer p = observed.get(e.canonical());
            int advertised = node.advertisedOthers(true).size();
            if (inside.contains(e) || node.answerDelay().isEmpty()) {
                assertThat(p.neighbours()).as("neighbours of %s (%s)", e, node.kind()).isEqualTo(advertised);
                checked++;
            } else if (node.answerDelay().get().compareTo(WAITS.answer().plusSeconds(1)) > 0) {
                assertThat(p.neighbours()).as("a late answer of %s (%s)", e, node.kind()).isLessThan(advertised);
                assertThat(p.error().toJson()).startsWith("timeout: no getaddr answer within 20000 ms");
                late++;
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(inside).as("split, gossip-first and trickle answers inside the wait").anySatisfy(
                e -> assertThat(truth.node(e).orElseThrow().kind()).isEqualTo(BitcoinNodeKind.SPLIT_ANSWER))
                .anySatisfy(e -> assertThat(truth.node(e).orElseThrow().kind()).isEqualTo(BitcoinNodeKind.GOSSIP_FIRST))
                .anySatisfy(e -> assertThat(truth.node(e).orElseThrow().kind()).isEqualTo(BitcoinNodeKind.TRICKLE));
        assertThat(late).as("trickle answers after the wait").isPositive();
        assertThat(summary.endings(ConversationEnd.ANSWER_WAIT)).isGreaterThanOrEqualTo(late);
        assertThat(summary.endings(ConversationEnd.ANSWERED)).isGreaterThan(1000);
    }

    @Test
    void aFrameWithABadChecksumAfterTheHandshakeIsDroppedAndTheFullAnswerKept() {
        assertThat(truth.ofKind(BitcoinNodeKind.BAD_CHECKSUM_AFTER_HANDSHAKE)).isNotEmpty().allSatisfy(node -> {
            Peer p = observed.get(node.endpoint().canonical());
            assertThat(p.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.error()).isNull();
            assertThat(p.neighbours()).isEqualTo(node.advertisedOthers(true).size()).isPositive();
        });
    }

    @Test
    void nodesThatMisbehaveAfterTheHandshakeAreReachableWithClassProtocol() {
        List<BitcoinNodeTruth> after = truth.nodes().stream().filter(n -> n.kind().isHostileAfterHandshake()).toList();
        assertThat(after).hasSizeGreaterThanOrEqualTo(3);
        for (BitcoinNodeTruth node : after) {
            Peer p = observed.get(node.endpoint().canonical());
            assertThat(p.status()).as("%s (%s)", node.endpoint(), node.kind()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.error().errorClass()).as("%s: %s", node.kind(), p.error()).isEqualTo(ErrorClass.PROTOCOL);
            assertThat(p.agentVersion()).isEqualTo(node.version().orElseThrow().userAgentString());
        }
    }

    @Test
    void oddUserAgentsComeThroughByteForByte() {
        assertThat(truth.ofKind(BitcoinNodeKind.ODD_AGENT)).isNotEmpty().allSatisfy(node -> {
            Peer p = observed.get(node.endpoint().canonical());
            byte[] raw = node.version().orElseThrow().userAgent();
            String decoded = p.agentVersion();
            assertThat(decoded).isEqualTo(node.version().orElseThrow().userAgentString());
            if (p.bitcoin().userAgentRaw() == null) {
                assertThat(decoded.getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(raw);
            } else {
                assertThat(HexFormat.of().parseHex(p.bitcoin().userAgentRaw())).isEqualTo(raw);
            }
        });
    }

    @Test
    void deadSilentAndBlackHoleAddressesAreNeverReachable() {
        for (BitcoinNodeKind kind : new BitcoinNodeKind[] {BitcoinNodeKind.DEAD, BitcoinNodeKind.TARPIT, BitcoinNodeKind.BLACK_HOLE}) {
            assertThat(truth.ofKind(kind)).as(kind.name()).isNotEmpty().allSatisfy(node -> {
                Peer p = observed.get(node.endpoint().canonical());
                assertThat(p).as("%s %s", kind, node.endpoint()).isNotNull();
                assertThat(p.status()).isEqualTo(PeerStatus.UNREACHABLE);
                assertThat(p.error().errorClass()).isEqualTo(kind == BitcoinNodeKind.DEAD ? ErrorClass.REFUSED : ErrorClass.TIMEOUT);
            });
        }
    }

    @Test
    void nodesThatMisbehaveBeforeTheHandshakeAreUnreachableWithClassProtocol() {
        Map<Endpoint, String> hostile = truth.expectedHostileErrors();
        int before = 0;
        for (Map.Entry<Endpoint, String> h : hostile.entrySet()) {
            BitcoinNodeTruth node = truth.node(h.getKey()).orElseThrow();
            if (node.handshakes()) {
                continue;
            }
            before++;
            Peer p = observed.get(h.getKey().canonical());
            assertThat(p).as("hostile %s", h.getKey()).isNotNull();
            assertThat(p.status()).isEqualTo(PeerStatus.UNREACHABLE);
            assertThat(p.error().errorClass()).as("%s: %s", h.getKey(), p.error()).isEqualTo(ErrorClass.PROTOCOL);
            if (node.kind() == BitcoinNodeKind.HOSTILE_BAD_CHECKSUM) {
                assertThat(p.error().detail()).as("its version was dropped, and no intact one came")
                        .matches("no version within 12000 ms after dropping 1 frame\\(s\\) with a bad checksum:"
                                + " 'version' of \\d+ bytes");
            } else {
                assertThat(p.error().detail()).startsWith(h.getValue());
            }
        }
        assertThat(before).isGreaterThanOrEqualTo(4);
    }

    @Test
    void everyOnionI2pAndCjdnsAddressIsDiscoveredWithItsName() {
        Set<Endpoint> nonIp = truth.nonIpAddresses();
        assertThat(nonIp.stream().map(e -> e.address().type()).collect(Collectors.toSet()))
                .contains(io.peercensus.address.AddressType.TORV3, io.peercensus.address.AddressType.I2P,
                        io.peercensus.address.AddressType.CJDNS);
        for (Endpoint e : nonIp) {
            Peer p = observed.get(e.canonical());
            assertThat(p).as("non-IP %s", e.canonical()).isNotNull();
            assertThat(p.status()).isEqualTo(PeerStatus.DISCOVERED);
            assertThat(p.addresses()).containsExactly(e.multiaddr());
        }
    }

    @Test
    void nothingOutsideTheSimulationWasObserved() {
        Set<String> known = truth.nodes().stream().map(n -> n.endpoint().canonical()).collect(Collectors.toSet());
        truth.nonIpAddresses().forEach(e -> known.add(e.canonical()));
        assertThat(observed.keySet()).isSubsetOf(known);
    }
}
