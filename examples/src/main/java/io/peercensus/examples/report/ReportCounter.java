package io.peercensus.examples.report;

import io.peercensus.ErrorClass;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.address.AddressFormatException;
import io.peercensus.address.Endpoint;
import io.peercensus.examples.report.CrawlReport.Bucket;
import io.peercensus.examples.report.CrawlReport.Ranking;
import io.peercensus.examples.report.CrawlReport.Tally;
import io.peercensus.sink.StoredCrawl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Takes a crawl's observations one by one and counts them into a {@link CrawlReport}. Not thread-safe. */
final class ReportCounter {
    private final Network network;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private long observations;

    ReportCounter(Network network) {
        this.network = network;
    }

    /** Takes one observation; a peer seen before keeps its better observation. */
    void observe(Peer peer) {
        observations++;
        peers.merge(peer.peerID(), peer, BestObservation::of);
    }

    /** The report of what was observed. */
    CrawlReport report(StoredCrawl crawl, long edges, int top) {
        Map<String, Long> software = new HashMap<>();
        Map<String, Long> agents = new HashMap<>();
        Map<String, Long> versions = new HashMap<>();
        Map<String, Long> flags = new HashMap<>();
        Map<String, Long> protocols = new HashMap<>();
        Map<String, Long> ports = new HashMap<>();
        Map<NetworkType, Long> types = new EnumMap<>(NetworkType.class);
        Map<ErrorClass, Long> errors = new EnumMap<>(ErrorClass.class);
        long[] buckets = new long[Bucket.BOUNDS.size()];
        long reachable = 0;
        long unreachable = 0;
        long discovered = 0;
        for (Peer p : peers.values()) {
            switch (p.status()) {
                case REACHABLE -> {
                    reachable++;
                    add(software, softwareName(p.agentVersion()));
                    add(agents, p.agentVersion().isEmpty() ? "(none)" : p.agentVersion());
                    if (p.bitcoin() != null) {
                        add(versions, Integer.toString(p.bitcoin().version()));
                        p.bitcoin().serviceFlags().forEach(f -> add(flags, f));
                    }
                    new LinkedHashSet<>(p.protocols()).forEach(proto -> add(protocols, proto));
                }
                case UNREACHABLE -> {
                    unreachable++;
                    errors.merge(p.error().errorClass(), 1L, Long::sum);
                }
                case DISCOVERED -> discovered++;
            }
            NetworkType.of(p).forEach(t -> types.merge(t, 1L, Long::sum));
            ports(p).forEach(port -> add(ports, port));
            if (p.neighbours() != null) {
                buckets[bucketOf(p.neighbours())]++;
            }
        }
        List<Tally> typeTallies = new ArrayList<>();
        for (NetworkType t : NetworkType.values()) {
            typeTallies.add(new Tally(t.key(), types.getOrDefault(t, 0L)));
        }
        List<Tally> errorTallies = new ArrayList<>();
        for (ErrorClass c : ErrorClass.values()) {
            errorTallies.add(new Tally(c.label(), errors.getOrDefault(c, 0L)));
        }
        List<Bucket> histogram = new ArrayList<>();
        for (int i = 0; i < buckets.length; i++) {
            int to = i + 1 < Bucket.BOUNDS.size() ? Bucket.BOUNDS.get(i + 1) : -1;
            histogram.add(new Bucket(Bucket.BOUNDS.get(i), to, buckets[i]));
        }
        CrawlReport.Totals totals = new CrawlReport.Totals(peers.size(), reachable, unreachable, discovered,
                observations, edges);
        return new CrawlReport(crawl, totals, rank(software, top), rank(agents, top), rank(versions, top),
                rank(flags, top), rank(protocols, top), typeTallies, rank(ports, top), errorTallies, histogram);
    }

    private static void add(Map<String, Long> counts, String key) {
        counts.merge(key, 1L, Long::sum);
    }

    /** The most common {@code top} keys of {@code counts}, ties broken by name. */
    static Ranking rank(Map<String, Long> counts, int top) {
        List<Tally> all = new ArrayList<>();
        counts.forEach((k, v) -> all.add(new Tally(k, v)));
        all.sort(Comparator.comparingLong(Tally::count).reversed().thenComparing(Tally::name));
        List<Tally> first = all.subList(0, Math.min(top, all.size()));
        long others = all.subList(first.size(), all.size()).stream().mapToLong(Tally::count).sum();
        return new Ranking(first, all.size(), others);
    }

    /** The index of the bucket holding {@code neighbours}. */
    static int bucketOf(int neighbours) {
        int i = Bucket.BOUNDS.size() - 1;
        while (i > 0 && neighbours < Bucket.BOUNDS.get(i)) {
            i--;
        }
        return i;
    }

    /**
     * The software name in a user agent: the first name of a BIP14 agent ({@code /Satoshi:27.0.0/} gives
     * {@code Satoshi}) or of a libp2p agent version ({@code kubo/0.29.0/} gives {@code kubo}).
     */
    static String softwareName(String agent) {
        String s = agent.strip();
        if (s.startsWith("/")) {
            s = s.substring(1);
        }
        int end = 0;
        while (end < s.length() && ":/( ".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return end == 0 ? "(none)" : s.substring(0, end);
    }

    /** The ports a peer listens on: {@code 8333} for a Bitcoin peer, {@code tcp/4001} and the like for libp2p. */
    private Set<String> ports(Peer p) {
        Set<String> out = new LinkedHashSet<>();
        if (network.family() == Network.Family.BITCOIN) {
            try {
                out.add(Integer.toString(Endpoint.parse(p.peerID()).port()));
                return out;
            } catch (AddressFormatException e) {
                // not an address: read the multiaddrs
            }
        }
        for (String multiaddr : p.addresses()) {
            String[] parts = multiaddr.split("/");
            for (int i = 1; i + 1 < parts.length; i++) {
                if ((parts[i].equals("tcp") || parts[i].equals("udp")) && isPort(parts[i + 1])) {
                    out.add(parts[i] + "/" + parts[i + 1]);
                    break;
                }
            }
        }
        return out;
    }

    private static boolean isPort(String s) {
        return !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
