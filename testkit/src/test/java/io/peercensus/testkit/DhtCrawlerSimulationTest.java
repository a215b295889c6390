package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.ConversationEnd;
import io.peercensus.CrawlSummary;
import io.peercensus.Crawlers;
import io.peercensus.Peer;
import io.peercensus.crawl.EdgePolicy;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import io.peercensus.dht.multiformats.PeerId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance (issue 4): crawling a 500-node SimulatedDhtNetwork through {@code Crawlers.dht()} finds every
 * dialable node with what it announces in identify and records exactly the routing-table edges the ground
 * truth holds; undialable, dead and hostile nodes end with their expected error class: unreachable when they fail
 * before Noise and yamux are up, reachable with the error when they break yamux after it.
 */
class DhtCrawlerSimulationTest {
    private static DhtGroundTruth truth;
    private static final Map<String, Peer> observed = new HashMap<>();
    private static final Map<String, Set<String>> edges = new ConcurrentHashMap<>();
    private static CrawlSummary summary;

    @BeforeAll
    static void crawl() {
        try (SimulatedDhtNetwork net = SimulatedDhtNetwork.builder().nodes(500).seed(2026).start()) {
            truth = net.groundTruth();
            PeerSink sink = new PeerSink() {
                @Override
                public void accept(Peer peer) {
                    if (observed.put(peer.peerID(), peer) != null) {
                        throw new AssertionError("observed twice: " + peer.peerID());
                    }
                }

                @Override
                public void edges(String from, List<String> to) {
                    if (edges.put(from, new HashSet<>(to)) != null) {
                        throw new AssertionError("edges twice from " + from);
                    }
                }
            };
            // every edge, reachable or not: the test checks each routing table as the node holds it
            summary = Crawlers.dht().seed(net.bootstrap()).option("protocol", net.protocolId()).loopbackOnly(true)
                    .edges(EdgePolicy.ALL).run(sink);
        }
    }

    @Test
    void findsEveryDialableNodeWithWhatItAnnounces() {
        assertThat(truth.dialable()).hasSizeGreaterThan(250);
        for (PeerId id : truth.dialable()) {
            DhtNodeTruth node = truth.node(id).orElseThrow();
            Peer p = observed.get(id.toString());
            assertThat(p).as("observation of %s (%s)", id, node.kind()).isNotNull();
            assertThat(p.status()).as("%s (%s): %s", id, node.kind(), p.error()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.agentVersion()).isEqualTo(node.agentVersion());
            assertThat(p.protocols()).containsExactlyElementsOf(node.protocols());
            assertThat(p.addresses()).containsExactlyElementsOf(node.listenAddrs().stream().map(Object::toString).toList());
        }
        long reachableHostile = truth.nodes().stream()
                .filter(n -> n.kind().isReachable() && !n.kind().isDialable() && truth.discoverable().contains(n.peerId())).count();
        assertThat(summary.reachable()).isEqualTo(truth.dialable().size() + reachableHostile);
    }

    @Test
    void recordsExactlyTheRoutingTableEdgesOfTheGroundTruth() {
        for (PeerId id : truth.dialable()) {
            Set<String> expected = truth.edgesOf(id).stream().map(PeerId::toString).collect(Collectors.toSet());
            assertThat(edges.getOrDefault(id.toString(), Set.of())).as("routing table of %s", id).isEqualTo(expected);
        }
    }

    @Test
    void undialableDeadAndHostileNodesEndWithTheirErrorClass() {
        assertThat(truth.expectedErrors()).isNotEmpty();
        truth.expectedErrors().forEach((id, errorClass) -> {
            if (!truth.discoverable().contains(id)) {
                return; // named only in tables of nodes the crawl cannot read: never heard of, as on a real DHT
            }
            Peer p = observed.get(id.toString());
            DhtNodeKind kind = truth.node(id).orElseThrow().kind();
            assertThat(p).as("observation of %s", id).isNotNull();
            assertThat(p.status()).as("%s (%s)", id, kind).isEqualTo(kind.isReachable() ? PeerStatus.REACHABLE : PeerStatus.UNREACHABLE);
            assertThat(p.error().errorClass()).as("%s: %s", id, p.error()).isEqualTo(errorClass);
        });
    }

    @Test
    void countsHowEveryConversationEnded() {
        Map<DhtNodeKind, Long> heardOf = truth.nodes().stream().filter(n -> truth.discoverable().contains(n.peerId()))
                .collect(Collectors.groupingBy(DhtNodeTruth::kind, Collectors.counting()));
        Map<ConversationEnd, Long> endings = summary.endings();
        assertThat(endings.get(ConversationEnd.ANSWERED)).as("%s", endings).isEqualTo(truth.dialable().size());
        assertThat(endings.get(ConversationEnd.CONNECT_WAIT)).as("%s", endings)
                .isEqualTo(heardOf.getOrDefault(DhtNodeKind.UNDIALABLE_BLACK_HOLE, 0L));
        assertThat(endings.get(ConversationEnd.CLOSED)).as("%s", endings).isEqualTo(heardOf.getOrDefault(DhtNodeKind.DEAD, 0L));
        assertThat(endings.get(ConversationEnd.PROTOCOL)).as("%s", endings).isEqualTo(heardOf.getOrDefault(DhtNodeKind.HOSTILE_WRONG_IDENTITY, 0L)
                + heardOf.getOrDefault(DhtNodeKind.HOSTILE_GARBAGE, 0L) + heardOf.getOrDefault(DhtNodeKind.HOSTILE_OVERSIZED_FRAME, 0L));
    }
}
