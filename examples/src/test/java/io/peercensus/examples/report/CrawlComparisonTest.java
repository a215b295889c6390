package io.peercensus.examples.report;

import static io.peercensus.examples.report.SampleCrawls.T0;
import static io.peercensus.examples.report.SampleCrawls.discovered;
import static io.peercensus.examples.report.SampleCrawls.reachable;
import static io.peercensus.examples.report.SampleCrawls.unreachable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.examples.report.CrawlComparison.SoftwareChange;
import io.peercensus.sink.CrawlStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrawlComparisonTest {
    @TempDir
    Path dir;

    private static final List<String> NONE = List.of();

    @Test
    void listsAppearedDisappearedAndChangedSoftwareByPeerId() throws Exception {
        SampleCrawls.Crawl before = new SampleCrawls.Crawl("a", Network.BITCOIN, T0, List.of(
                reachable("1.1.1.1:8333", "/Satoshi:26.0.0/", 70016, NONE, 1),
                reachable("2.2.2.2:8333", "/Satoshi:27.0.0/", 70016, NONE, 1),
                reachable("3.3.3.3:8333", "/Satoshi:27.0.0/", 70015, NONE, 1),
                reachable("4.4.4.4:8333", "/Satoshi:27.0.0/", 70016, NONE, 1),
                reachable("5.5.5.5:8333", "/Satoshi:27.0.0/", 70016, NONE, 1),
                unreachable("6.6.6.6:8333", ErrorClass.TIMEOUT),
                discovered("7.7.7.7:8333")), Map.of());
        SampleCrawls.Crawl after = new SampleCrawls.Crawl("b", Network.BITCOIN, T0.plusSeconds(3600), List.of(
                reachable("1.1.1.1:8333", "/Satoshi:27.0.0/", 70016, NONE, 1), // agent changed
                reachable("2.2.2.2:8333", "/Satoshi:27.0.0/", 70016, NONE, 1), // same
                reachable("3.3.3.3:8333", "/Satoshi:27.0.0/", 70016, NONE, 1), // protocol version changed
                unreachable("4.4.4.4:8333", ErrorClass.REFUSED), // gone: no longer reachable
                discovered("5.5.5.5:8333"), // gone: only heard of
                reachable("6.6.6.6:8333", "/btcd:0.24.0/", 70016, NONE, 1), // appeared: reachable now
                reachable("8.8.8.8:8333", "/Satoshi:27.0.0/", 70016, NONE, 1)), Map.of()); // appeared: new
        Path db = dir.resolve("two.db");
        SampleCrawls.store(db, before, after);
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            CrawlComparison c = CrawlComparison.compute(store, store.crawl("a").orElseThrow(), store.crawl("b").orElseThrow());
            assertThat(c.appeared()).containsExactly("6.6.6.6:8333", "8.8.8.8:8333");
            assertThat(c.disappeared()).containsExactly("4.4.4.4:8333", "5.5.5.5:8333");
            assertThat(c.changed()).containsExactly(
                    new SoftwareChange("1.1.1.1:8333", "/Satoshi:26.0.0/", 70016, "/Satoshi:27.0.0/", 70016),
                    new SoftwareChange("3.3.3.3:8333", "/Satoshi:27.0.0/", 70015, "/Satoshi:27.0.0/", 70016));
            assertThat(TextReport.render(c)).contains("appeared (2)\n  6.6.6.6:8333\n  8.8.8.8:8333\n",
                    "disappeared (2)\n  4.4.4.4:8333\n  5.5.5.5:8333\n", "changed software (2)\n");
            SelfContainedHtml.check(HtmlReport.render(c));
        }
    }

    @Test
    void comparesLibp2pAgentsWithoutProtocolVersions() throws Exception {
        Peer a1 = Peer.builder().network(Network.IPFS).peerID("12D3KooWA").status(PeerStatus.REACHABLE).seenAt(T0)
                .agentVersion("kubo/0.28.0/").build();
        Peer a2 = a1.toBuilder().agentVersion("kubo/0.29.0/").build();
        Path db = dir.resolve("dht.db");
        SampleCrawls.store(db, new SampleCrawls.Crawl("x", Network.IPFS, T0, List.of(a1), Map.of()),
                new SampleCrawls.Crawl("y", Network.IPFS, T0.plusSeconds(1), List.of(a2), Map.of()));
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            CrawlComparison c = CrawlComparison.compute(store, store.crawl("x").orElseThrow(), store.crawl("y").orElseThrow());
            assertThat(c.changed()).containsExactly(new SoftwareChange("12D3KooWA", "kubo/0.28.0/", null, "kubo/0.29.0/", null));
            assertThat(c.appeared()).isEmpty();
            assertThat(c.disappeared()).isEmpty();
        }
    }

    @Test
    void rejectsCrawlsOfDifferentNetworks() throws Exception {
        Path db = dir.resolve("mixed.db");
        SampleCrawls.store(db, new SampleCrawls.Crawl("btc", Network.BITCOIN, T0, List.of(), Map.of()),
                new SampleCrawls.Crawl("ipfs", Network.IPFS, T0.plusSeconds(1), List.of(), Map.of()));
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThatThrownBy(() -> CrawlComparison.compute(store, store.crawl("btc").orElseThrow(),
                    store.crawl("ipfs").orElseThrow()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("crawls btc (bitcoin) and ipfs (ipfs) are of different networks");
        }
    }
}
