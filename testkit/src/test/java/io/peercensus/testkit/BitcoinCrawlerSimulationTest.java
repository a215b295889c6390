package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.CrawlSummary;
import io.peercensus.Crawlers;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance (issue 3): crawling a 2,000-node simulated network through {@code Crawlers.bitcoin()} finds
 * every reachable node with exactly what it announced, never calls a dead or silent address reachable,
 * ends every hostile conversation with class protocol, and records every onion, I2P and CJDNS address
 * as discovered with its correct name.
 */
class BitcoinCrawlerSimulationTest {
    private static BitcoinGroundTruth truth;
    private static final Map<String, Peer> observed = new HashMap<>();
    private static CrawlSummary summary;

    @BeforeAll
    static void crawl() {
        // The classic mix: the network this test was written against (today's crawler waits 5 s per message).
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().classicMix().nodes(2000).seed(2026).start()) {
            truth = net.groundTruth();
            PeerSink sink = peer -> {
                if (observed.put(peer.peerID(), peer) != null) {
                    throw new AssertionError("observed twice: " + peer.peerID());
                }
            };
            summary = Crawlers.bitcoin().seed(net.seedEndpoints().get(0).canonical()).loopbackOnly(true)
                    .run(sink);
        }
    }

    @Test
    void findsEveryReachableNodeWithExactlyWhatItAnnounced() {
        Set<Endpoint> reachable = truth.reachable();
        assertThat(reachable).hasSizeGreaterThan(1000);
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
    void everyNodeThatAnswersGetaddrIsRecordedWithExactlyTheNeighboursItAnnounced() {
        for (Endpoint e : truth.reachable()) {
            BitcoinNodeTruth node = truth.node(e).orElseThrow();
            Peer p = observed.get(e.canonical());
            long expected = node.announcedTo(true).stream().map(Endpoint::canonical)
                    .filter(id -> !id.equals(e.canonical())).distinct().count();
            if (!node.kind().answersGetaddr()) {
                expected = 0;
            }
            assertThat(p.neighbours()).as("neighbours of %s (%s)", e, node.kind()).isEqualTo((int) expected);
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
    void everyHostileConversationEndsWithClassProtocol() {
        Map<Endpoint, String> hostile = truth.expectedHostileErrors();
        assertThat(hostile).isNotEmpty();
        hostile.forEach((endpoint, expectedStart) -> {
            Peer p = observed.get(endpoint.canonical());
            assertThat(p).as("hostile %s", endpoint).isNotNull();
            assertThat(p.status()).isEqualTo(PeerStatus.UNREACHABLE);
            assertThat(p.error().errorClass()).as("%s: %s", endpoint, p.error()).isEqualTo(ErrorClass.PROTOCOL);
            assertThat(p.error().detail()).startsWith(expectedStart);
        });
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
