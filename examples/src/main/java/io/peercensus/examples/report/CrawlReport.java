package io.peercensus.examples.report;

import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What one stored crawl found, counted once and rendered by {@link TextReport}, {@link JsonReport} and
 * {@link HtmlReport}.
 *
 * <p>Counts are over distinct peers (by {@code peerID}); when a crawl observed a peer more than once, its best
 * observation counts (reachable over unreachable over discovered, then the later one). Software, protocol versions,
 * service flags and protocols are counted over reachable peers, the only ones that told us about themselves; network
 * types and ports over every peer; error classes over unreachable peers; neighbours over peers that were asked.
 *
 * <p>Immutable and thread-safe.
 *
 * @param crawl the crawl as stored
 * @param totals peers by status, observations and edges
 * @param software reachable peers by software name (the user agent's first name: {@code Satoshi}, {@code kubo})
 * @param agentVersions reachable peers by full user agent / agent version
 * @param protocolVersions reachable Bitcoin peers by announced protocol version
 * @param serviceFlags reachable Bitcoin peers by service flag (a peer counts once under each flag it sets)
 * @param protocols reachable libp2p peers by protocol (a peer counts once under each protocol it speaks)
 * @param networkTypes peers by network type, every type in {@link NetworkType} order (a libp2p peer counts once
 *     under each type among its addresses)
 * @param ports peers by port ({@code 8333}; libp2p: {@code tcp/4001}, {@code udp/4001})
 * @param errors unreachable peers by error class, every class in declaration order
 * @param neighbours peers by how many neighbours they returned, in {@link Bucket#BOUNDS} buckets
 */
public record CrawlReport(
        StoredCrawl crawl,
        Totals totals,
        Ranking software,
        Ranking agentVersions,
        Ranking protocolVersions,
        Ranking serviceFlags,
        Ranking protocols,
        List<Tally> networkTypes,
        Ranking ports,
        List<Tally> errors,
        List<Bucket> neighbours) {

    /** How many entries a ranking keeps unless told otherwise. */
    public static final int DEFAULT_TOP = 10;

    public CrawlReport {
        Objects.requireNonNull(crawl, "crawl");
        Objects.requireNonNull(totals, "totals");
        networkTypes = List.copyOf(networkTypes);
        errors = List.copyOf(errors);
        neighbours = List.copyOf(neighbours);
    }

    /**
     * Reads the crawl's observations and edges from {@code store} once and counts them.
     *
     * @param top how many entries each ranking keeps, at least 1
     * @throws IOException when the store cannot be read
     */
    public static CrawlReport compute(CrawlStore store, StoredCrawl crawl, int top) throws IOException {
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, got " + top);
        }
        ReportCounter counter = new ReportCounter(crawl.network());
        try (Stream<io.peercensus.Peer> observations = store.observations(crawl.crawlId())) {
            observations.forEach(counter::observe);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        long edges;
        try (Stream<io.peercensus.sink.Edge> stored = store.edges(crawl.crawlId())) {
            edges = stored.count();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return counter.report(crawl, edges, top);
    }

    /**
     * Peers by status.
     *
     * @param peers distinct peers
     * @param reachable peers whose handshake completed
     * @param unreachable peers dialed without success
     * @param discovered peers heard of and not dialed
     * @param observations rows stored for the crawl (more than {@code peers} when a peer was observed twice)
     * @param edges neighbour edges stored for the crawl
     */
    public record Totals(long peers, long reachable, long unreachable, long discovered, long observations, long edges) {
    }

    /**
     * One name and how many peers it counts.
     *
     * @param name what is counted ({@code Satoshi}, {@code 70016}, {@code NODE_NETWORK}, {@code ipv4}, ...)
     * @param count how many peers
     */
    public record Tally(String name, long count) {
        public Tally {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * The most common values of one property, most common first (ties by name).
     *
     * @param top the first entries
     * @param distinct how many distinct values there were in all
     * @param others how many counts fall outside {@code top}
     */
    public record Ranking(List<Tally> top, long distinct, long others) {
        public Ranking {
            top = List.copyOf(top);
        }
    }

    /**
     * A histogram bucket of neighbour counts: {@code from} inclusive to {@code to} exclusive.
     *
     * @param from the least count in the bucket
     * @param to the first count after the bucket, or {@code -1} for the last, open bucket
     * @param count how many peers returned a count in the bucket
     */
    public record Bucket(int from, int to, long count) {
        /** The lower bounds of the buckets: 0, 1-9, 10-49, 50-99, 100-249, 250-499, 500-999, 1000 and more. */
        public static final List<Integer> BOUNDS = List.of(0, 1, 10, 50, 100, 250, 500, 1000);

        /** The bucket's label: {@code 0}, {@code 1-9}, ..., {@code 1000+}. */
        public String label() {
            if (to < 0) {
                return from + "+";
            }
            return to - from == 1 ? Integer.toString(from) : from + "-" + (to - 1);
        }
    }
}
