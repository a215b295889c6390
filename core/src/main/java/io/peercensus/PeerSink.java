package io.peercensus;

import java.io.IOException;
import java.util.List;

/**
 * Where observations go: a file, a database, a feed, your code.
 *
 * <p>A crawl serialises its calls to a sink, so an implementation needs no locking of its own unless
 * it is shared between crawls. A sink that throws stops the crawl: the crawl ends and reports the
 * failure, because losing observations silently would make the data untrustworthy.
 * {@link #close()} is called once, after the last crawl that uses the sink ends (also when the crawl
 * is closed early), and must make everything already accepted durable.
 */
public interface PeerSink extends AutoCloseable {

    /** A crawl starts feeding this sink. */
    default void crawlStarted(CrawlInfo crawl) throws IOException {
    }

    /**
     * The crawl {@code crawl} recorded before (stopped or killed) goes on feeding this sink: same id, its first start.
     * By default the same as {@link #crawlStarted}; a database sink continues the stored crawl instead.
     */
    default void crawlResumed(CrawlInfo crawl) throws IOException {
        crawlStarted(crawl);
    }

    /**
     * A peer was heard of and queued to be dialed later in this crawl: status discovered, with its addresses and the
     * peer that named it. Each comes before the observation of the conversation that named it. A sink that lets a
     * killed crawl be resumed keeps these until the peer is observed; others ignore them (the default).
     */
    default void queued(Peer peer) throws IOException {
    }

    /** Takes one observation. */
    void accept(Peer peer) throws IOException;

    /**
     * Takes neighbour edges: {@code from} told us about each of {@code to}. Peer IDs as in {@link Peer#peerID()}.
     * Which edges come depends on the crawl's {@link io.peercensus.crawl.EdgePolicy}: with {@code ALL} all of a peer's
     * come at once, after its observation; with {@code REACHABLE} (the default) an edge comes when both its peers were
     * observed reachable, so one {@code from} may come several times.
     */
    default void edges(String from, List<String> to) throws IOException {
    }

    /** The crawl that fed this sink ended. */
    default void crawlFinished(CrawlSummary summary) throws IOException {
    }

    /**
     * One sink that hands everything to each of {@code sinks} in turn. Closing it closes them all
     * (the first failure is thrown after every sink was closed).
     */
    static PeerSink all(List<PeerSink> sinks) {
        return new io.peercensus.internal.sink.TeeSink(sinks);
    }

    /** Flushes and releases what the sink holds. */
    @Override
    default void close() throws IOException {
    }
}
