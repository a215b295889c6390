package io.peercensus.examples.report;

import static io.peercensus.examples.report.SampleCrawls.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.examples.report.CrawlReport.Bucket;
import io.peercensus.examples.report.CrawlReport.Ranking;
import io.peercensus.examples.report.CrawlReport.Tally;
import io.peercensus.sink.CrawlStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrawlReportTest {
    @TempDir
    Path dir;

    private CrawlReport report(SampleCrawls.Crawl crawl, int top) throws IOException {
        Path db = dir.resolve("crawls.db");
        SampleCrawls.store(db, crawl);
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            return CrawlReport.compute(store, store.crawl(crawl.id()).orElseThrow(), top);
        }
    }

    @Test
    void countsStatusesOverDistinctPeersWithTheBestObservation() throws IOException {
        CrawlReport r = report(SampleCrawls.bitcoin("c1"), 10);
        assertThat(r.totals()).isEqualTo(new CrawlReport.Totals(9, 4, 2, 3, 10, 6));
        assertThat(r.crawl().crawlId()).isEqualTo("c1");
    }

    @Test
    void classifiesNetworkTypesIncludingCjdnsTorAndI2p() throws IOException {
        CrawlReport r = report(SampleCrawls.bitcoin("c1"), 10);
        assertThat(r.networkTypes()).containsExactly(new Tally("ipv4", 5), new Tally("ipv6", 1), new Tally("torv2", 0),
                new Tally("torv3", 1), new Tally("i2p", 1), new Tally("cjdns", 1), new Tally("dns", 0),
                new Tally("other", 0));
    }

    @Test
    void ranksSoftwareAgentsVersionsAndFlagsOfReachablePeers() throws IOException {
        CrawlReport r = report(SampleCrawls.bitcoin("c1"), 10);
        assertThat(r.software().top()).containsExactly(new Tally("Satoshi", 2), new Tally("btcd", 1),
                new Tally("evil\u0000\"<script>&", 1)); // surrounding whitespace stripped
        assertThat(r.agentVersions().top()).extracting(Tally::name).containsExactly("/Satoshi:26.0.0/",
                "/Satoshi:27.0.0/", "/btcd:0.24.0/", SampleCrawls.ODD_AGENT);
        assertThat(r.protocolVersions()).isEqualTo(new Ranking(List.of(new Tally("70016", 3), new Tally("70015", 1)), 2, 0));
        assertThat(r.serviceFlags().top()).containsExactly(new Tally("NODE_NETWORK", 3), new Tally("NODE_WITNESS", 1));
        assertThat(r.protocols().top()).isEmpty();
    }

    @Test
    void countsPortsErrorsAndNeighbourBuckets() throws IOException {
        CrawlReport r = report(SampleCrawls.bitcoin("c1"), 10);
        assertThat(r.ports().top()).containsExactly(new Tally("8333", 7), new Tally("0", 1), new Tally("18333", 1));
        assertThat(r.errors()).containsExactly(new Tally("timeout", 1), new Tally("refused", 1), new Tally("reset", 0),
                new Tally("handshake", 0), new Tally("protocol", 0), new Tally("proxy", 0));
        assertThat(r.neighbours()).extracting(Bucket::label, Bucket::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("0", 1L), org.assertj.core.groups.Tuple.tuple("1-9", 1L),
                org.assertj.core.groups.Tuple.tuple("10-49", 0L), org.assertj.core.groups.Tuple.tuple("50-99", 0L),
                org.assertj.core.groups.Tuple.tuple("100-249", 0L), org.assertj.core.groups.Tuple.tuple("250-499", 0L),
                org.assertj.core.groups.Tuple.tuple("500-999", 1L), org.assertj.core.groups.Tuple.tuple("1000+", 1L));
    }

    @Test
    void rankingKeepsTheTopAndCountsTheRestAsOthers() throws IOException {
        CrawlReport r = report(SampleCrawls.bitcoin("c1"), 1);
        assertThat(r.agentVersions()).isEqualTo(new Ranking(List.of(new Tally("/Satoshi:26.0.0/", 1)), 4, 3));
        assertThat(r.software()).isEqualTo(new Ranking(List.of(new Tally("Satoshi", 2)), 3, 2));
    }

    @Test
    void countsLibp2pProtocolsAndEachAddressTypeAndPortOnce() throws IOException {
        Peer a = Peer.builder().network(Network.IPFS).peerID("12D3KooWA").status(PeerStatus.REACHABLE).seenAt(T0)
                .agentVersion("kubo/0.29.0/").protocols(List.of("/ipfs/kad/1.0.0", "/ipfs/id/1.0.0", "/ipfs/kad/1.0.0"))
                .addresses(List.of("/ip4/1.1.1.1/tcp/4001", "/ip4/1.1.1.2/tcp/4001", "/ip6/2001:db8::2/udp/4001/quic-v1",
                        "/dns4/a.example/tcp/4002"))
                .neighbours(60).build();
        Peer b = Peer.builder().network(Network.IPFS).peerID("12D3KooWB").status(PeerStatus.REACHABLE).seenAt(T0)
                .agentVersion("go-ipfs/0.8.0/48f94e2").protocols(List.of("/ipfs/kad/1.0.0"))
                .addresses(List.of("/onion3/aaaa:4001", "/garlic64/xyz", "/memory/1")).build();
        Peer c = Peer.builder().network(Network.IPFS).peerID("12D3KooWC").status(PeerStatus.DISCOVERED).seenAt(T0).build();
        CrawlReport r = report(new SampleCrawls.Crawl("d1", Network.IPFS, T0, List.of(a, b, c), Map.of()), 10);
        assertThat(r.totals()).isEqualTo(new CrawlReport.Totals(3, 2, 0, 1, 3, 0));
        assertThat(r.protocols().top()).containsExactly(new Tally("/ipfs/kad/1.0.0", 2), new Tally("/ipfs/id/1.0.0", 1));
        assertThat(r.software().top()).containsExactly(new Tally("go-ipfs", 1), new Tally("kubo", 1));
        assertThat(r.networkTypes()).containsExactly(new Tally("ipv4", 1), new Tally("ipv6", 1), new Tally("torv2", 0),
                new Tally("torv3", 1), new Tally("i2p", 1), new Tally("cjdns", 0), new Tally("dns", 1),
                new Tally("other", 2));
        assertThat(r.ports().top()).containsExactly(new Tally("tcp/4001", 1), new Tally("tcp/4002", 1),
                new Tally("udp/4001", 1));
        assertThat(r.protocolVersions().top()).isEmpty();
        assertThat(r.neighbours().get(3)).isEqualTo(new Bucket(50, 100, 1));
    }

    @Test
    void softwareNameIsTheAgentsFirstName() {
        assertThat(ReportCounter.softwareName("/Satoshi:27.0.0(comment)/")).isEqualTo("Satoshi");
        assertThat(ReportCounter.softwareName("/Knots(x)/")).isEqualTo("Knots");
        assertThat(ReportCounter.softwareName("kubo/0.29.0/")).isEqualTo("kubo");
        assertThat(ReportCounter.softwareName("rust-libp2p-server 1.0")).isEqualTo("rust-libp2p-server");
        assertThat(ReportCounter.softwareName("")).isEqualTo("(none)");
        assertThat(ReportCounter.softwareName("//")).isEqualTo("(none)");
    }

    @Test
    void bucketsHaveTheirBoundsInclusiveExclusive() {
        assertThat(ReportCounter.bucketOf(0)).isZero();
        assertThat(ReportCounter.bucketOf(1)).isEqualTo(1);
        assertThat(ReportCounter.bucketOf(9)).isEqualTo(1);
        assertThat(ReportCounter.bucketOf(10)).isEqualTo(2);
        assertThat(ReportCounter.bucketOf(999)).isEqualTo(6);
        assertThat(ReportCounter.bucketOf(1000)).isEqualTo(7);
        assertThat(ReportCounter.bucketOf(Integer.MAX_VALUE)).isEqualTo(7);
    }

    @Test
    void rejectsATopBelowOne() throws IOException {
        Path db = dir.resolve("crawls.db");
        SampleCrawls.store(db, SampleCrawls.bitcoin("c1"));
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThatThrownBy(() -> CrawlReport.compute(store, store.crawl("c1").orElseThrow(), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("top must be at least 1, got 0");
        }
    }
}
