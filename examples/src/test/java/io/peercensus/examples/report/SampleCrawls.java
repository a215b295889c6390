package io.peercensus.examples.report;

import io.peercensus.BitcoinInfo;
import io.peercensus.CrawlInfo;
import io.peercensus.CrawlSummary;
import io.peercensus.ErrorClass;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.NetAddress;
import io.peercensus.sink.JdbcSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made crawls stored through {@link JdbcSink}, whose every count is known. */
public final class SampleCrawls {
    public static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
    public static final String ODD_AGENT = "evil\u0000\"<script>&\n\u2028";
    public static final String ONION = NetAddress.torV3(filled(32, 7)).host() + ":8333";
    public static final String I2P = NetAddress.i2p(filled(32, 9)).host() + ":0";

    private SampleCrawls() {
    }

    /** One crawl to store: its observations in order and its edges by source. */
    public record Crawl(String id, Network network, Instant started, List<Peer> peers, Map<String, List<String>> edges) {
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    public static Peer reachable(String id, String agent, int version, List<String> flags, Integer neighbours) {
        return Peer.builder().network(Network.BITCOIN).peerID(id).agentVersion(agent).status(PeerStatus.REACHABLE)
                .seenAt(T0).latencyMs(12L).neighbours(neighbours)
                .bitcoin(new BitcoinInfo(version, 1, flags, 880_000, true, 42, neighbours == null ? 0 : neighbours, null))
                .build();
    }

    public static Peer unreachable(String id, ErrorClass error) {
        return Peer.builder().network(Network.BITCOIN).peerID(id).unreachable(error, "test").seenAt(T0).latencyMs(5L).build();
    }

    public static Peer discovered(String id) {
        return Peer.builder().network(Network.BITCOIN).peerID(id).status(PeerStatus.DISCOVERED).seenAt(T0).build();
    }

    /**
     * A Bitcoin crawl of 9 peers and 10 observations: reachable 4 (IPv4 twice, IPv6, CJDNS), unreachable 2 (timeout,
     * refused), discovered 3 (Tor v3, I2P, a private IPv4); 5.6.7.8:18333 is observed twice, discovered then
     * unreachable. 6 edges, one to a peer never observed.
     */
    public static Crawl bitcoin(String id) {
        List<Peer> peers = new ArrayList<>();
        peers.add(reachable("1.2.3.4:8333", "/Satoshi:27.0.0/", 70016, List.of("NODE_NETWORK", "NODE_WITNESS"), 500));
        peers.add(discovered("5.6.7.8:18333"));
        peers.add(reachable("[2001:db8::1]:8333", "/Satoshi:26.0.0/", 70016, List.of("NODE_NETWORK"), 3));
        peers.add(reachable("[fc00::1]:8333", "/btcd:0.24.0/", 70015, List.of(), 0));
        peers.add(reachable("4.4.4.4:8333", ODD_AGENT, 70016, List.of("NODE_NETWORK"), 1000));
        peers.add(discovered(ONION));
        peers.add(discovered(I2P));
        peers.add(unreachable("5.6.7.8:18333", ErrorClass.TIMEOUT));
        peers.add(unreachable("9.9.9.9:8333", ErrorClass.REFUSED));
        peers.add(discovered("10.0.0.1:8333"));
        Map<String, List<String>> edges = new LinkedHashMap<>();
        edges.put("1.2.3.4:8333", List.of("[2001:db8::1]:8333", ONION, I2P, "5.6.7.8:18333", "99.99.99.99:8333"));
        edges.put("[2001:db8::1]:8333", List.of("1.2.3.4:8333"));
        return new Crawl(id, Network.BITCOIN, T0, peers, edges);
    }

    /** Stores {@code crawls} into the SQLite file {@code db}, each finished ten minutes after it started. */
    public static void store(Path db, Crawl... crawls) throws IOException {
        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            for (Crawl c : crawls) {
                CrawlInfo info = new CrawlInfo(c.id(), c.network(), c.started(), Map.of("concurrency", "10"));
                sink.crawlStarted(info);
                long[] counts = new long[3];
                for (Peer p : c.peers()) {
                    sink.accept(p);
                    counts[p.status().ordinal()]++;
                }
                for (Map.Entry<String, List<String>> e : c.edges().entrySet()) {
                    sink.edges(e.getKey(), e.getValue());
                }
                long edges = c.edges().values().stream().mapToLong(List::size).sum();
                sink.crawlFinished(new CrawlSummary(info, c.started().plusSeconds(600), CrawlSummary.StopReason.EXHAUSTED,
                        counts[0], counts[1], counts[2], Map.of(ErrorClass.TIMEOUT, counts[1]), edges));
            }
        }
    }
}
