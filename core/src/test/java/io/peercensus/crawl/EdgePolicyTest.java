package io.peercensus.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.CrawlListener;
import io.peercensus.CrawlSummary;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 7: edges are a choice. {@code reachable} keeps exactly the edges between reachable peers, each
 * once, whichever of the two was observed first; {@code all} keeps every returned address; {@code none} keeps none.
 */
class EdgePolicyTest {
    private static final int SIZE = 300;
    private final FakeNetwork net = new FakeNetwork(SIZE, 6, 3);

    /** Every third peer but the seed refuses connections. */
    private ProbeResult someUnreachable(ProbeTarget t, ProbeContext c) throws ConnectException {
        int i = FakeNetwork.index(t.peerID());
        if (i != 0 && i % 3 == 0) {
            throw new ConnectException("Connection refused");
        }
        return net.reachable(t, c);
    }

    private RecordingSink crawl(EdgePolicy policy) {
        RecordingSink sink = new RecordingSink();
        CrawlSettings settings = CrawlSettings.builder().loopbackOnly(true).concurrency(16)
                .timeout(Duration.ofSeconds(5)).edges(policy).build();
        CrawlSummary summary = new CrawlEngine(FakeNetwork.NETWORK, this::someUnreachable, settings, CrawlListener.NONE,
                Clock.systemUTC()).run(() -> List.of(FakeNetwork.target(0, null)), List.of(sink));
        assertThat(summary.edges()).isEqualTo(pairs(sink).size());
        assertThat(summary.crawl().settings()).containsEntry("edges", policy.label());
        return sink;
    }

    private static List<String> pairs(RecordingSink sink) {
        List<String> pairs = new ArrayList<>();
        sink.edges.forEach((from, to) -> to.forEach(t -> pairs.add(from + ">" + t)));
        return pairs;
    }

    private Set<String> expected(RecordingSink sink, boolean onlyReachable) {
        Map<String, Peer> byId = sink.byId();
        Set<String> expected = new HashSet<>();
        byId.forEach((id, p) -> {
            if (p.status() != PeerStatus.REACHABLE) {
                return;
            }
            for (int n : net.neighbours.get(FakeNetwork.index(id))) {
                Peer to = byId.get(FakeNetwork.id(n));
                if (!onlyReachable || to != null && to.status() == PeerStatus.REACHABLE) {
                    expected.add(id + ">" + FakeNetwork.id(n));
                }
            }
        });
        return expected;
    }

    @Test
    void reachableKeepsExactlyTheEdgesBetweenReachablePeersEachOnce() {
        RecordingSink sink = crawl(EdgePolicy.REACHABLE);
        List<String> pairs = pairs(sink);
        assertThat(pairs).doesNotHaveDuplicates();
        assertThat(new HashSet<>(pairs)).isEqualTo(expected(sink, true)).hasSizeGreaterThan(SIZE);
    }

    @Test
    void allKeepsEveryReturnedAddress() {
        RecordingSink sink = crawl(EdgePolicy.ALL);
        assertThat(new HashSet<>(pairs(sink))).isEqualTo(expected(sink, false));
        assertThat(pairs(sink).size()).isGreaterThan(expected(sink, true).size());
    }

    @Test
    void noneKeepsNoEdge() {
        assertThat(crawl(EdgePolicy.NONE).edges).isEmpty();
    }
}
