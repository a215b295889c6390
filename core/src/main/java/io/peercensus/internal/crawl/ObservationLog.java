package io.peercensus.internal.crawl;

import io.peercensus.ConversationEnd;
import io.peercensus.CrawlInfo;
import io.peercensus.CrawlListener;
import io.peercensus.CrawlSummary;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.crawl.EdgePolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a crawl's observations to its sinks and listener, one at a time and in order, and counts
 * them. The first sink failure is kept; after it, or after the crawl is closed, nothing more is
 * handed on.
 *
 * <p>Thread-safe: every method is synchronized, which also serialises the calls to sinks.
 */
public final class ObservationLog {
    private static final Logger LOG = LoggerFactory.getLogger(ObservationLog.class);

    private final List<PeerSink> sinks;
    private final CrawlListener listener;
    private final EdgePolicy edgePolicy;
    /** The edges kept under {@link EdgePolicy#REACHABLE}, else {@code null}. */
    private final ReachableEdges reachableEdges;
    private final Map<ErrorClass, Long> errors = new EnumMap<>(ErrorClass.class);
    private final Map<ConversationEnd, Long> endings = new EnumMap<>(ConversationEnd.class);
    private long reachable;
    private long unreachable;
    private long discovered;
    private long edges;
    private boolean closed;
    private Exception failure;
    /** Whether the failure came only as the sinks finished, after every observation was handed on. */
    private boolean failedFinishing;

    /** A log feeding {@code sinks} then {@code listener}, with every edge ({@link EdgePolicy#ALL}). */
    public ObservationLog(List<PeerSink> sinks, CrawlListener listener) {
        this(sinks, listener, EdgePolicy.ALL);
    }

    /** A log feeding {@code sinks} then {@code listener} the edges {@code edges} keeps. */
    public ObservationLog(List<PeerSink> sinks, CrawlListener listener, EdgePolicy edges) {
        this.sinks = List.copyOf(sinks);
        this.listener = listener;
        this.edgePolicy = edges;
        this.reachableEdges = edges == EdgePolicy.REACHABLE ? new ReachableEdges() : null;
    }

    /** A log of a resumed crawl, whose counts start from those recorded before. */
    public ObservationLog(List<PeerSink> sinks, CrawlListener listener, EdgePolicy edges, long reachable,
            long unreachable, long discovered) {
        this(sinks, listener, edges);
        this.reachable = reachable;
        this.unreachable = unreachable;
        this.discovered = discovered;
    }

    /** Tells the sinks and the listener the crawl started. */
    public synchronized void started(CrawlInfo crawl) {
        begin(crawl, PeerSink::crawlStarted);
    }

    /** Tells the sinks the crawl resumed, and the listener it started. */
    public synchronized void resumed(CrawlInfo crawl) {
        begin(crawl, PeerSink::crawlResumed);
    }

    /** How a sink is told a crawl begins: {@link PeerSink#crawlStarted} or {@link PeerSink#crawlResumed}. */
    private interface Beginning {
        void tell(PeerSink sink, CrawlInfo crawl) throws IOException;
    }

    private void begin(CrawlInfo crawl, Beginning beginning) {
        for (PeerSink sink : sinks) {
            try {
                beginning.tell(sink, crawl);
            } catch (IOException | RuntimeException e) {
                fail(e);
                return;
            }
        }
        notifyListener(() -> listener.crawlStarted(crawl));
    }

    /** Hands the sinks peers queued for dialing ({@link PeerSink#queued}); nothing once the log accepts no more. */
    public synchronized void queued(List<Peer> peers) {
        if (closed || failure != null) {
            return;
        }
        try {
            for (PeerSink sink : sinks) {
                for (Peer p : peers) {
                    sink.queued(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /**
     * Records one observation and the edges to its neighbours; false once the log accepts no more.
     *
     * @param end how the conversation that made it ended, or {@code null} for a peer not dialed
     */
    public synchronized boolean record(Peer peer, List<String> neighbourIDs, ConversationEnd end) {
        if (closed || failure != null) {
            return false;
        }
        List<String> from = List.of();
        List<String> to = switch (edgePolicy) {
            case NONE -> List.of();
            case ALL -> neighbourIDs;
            case REACHABLE -> {
                from = new ArrayList<>();
                yield reachableEdges.recorded(peer, neighbourIDs, from);
            }
        };
        try {
            for (PeerSink sink : sinks) {
                sink.accept(peer);
                if (!to.isEmpty()) {
                    sink.edges(peer.peerID(), to);
                }
                for (String f : from) {
                    sink.edges(f, List.of(peer.peerID()));
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
            return false;
        }
        switch (peer.status()) {
            case REACHABLE:
                reachable++;
                break;
            case UNREACHABLE:
                unreachable++;
                errors.merge(peer.error().errorClass(), 1L, Long::sum);
                break;
            case DISCOVERED:
                discovered++;
                break;
            default:
                throw new AssertionError(peer.status());
        }
        edges += to.size() + from.size();
        if (end != null) {
            endings.merge(end, 1L, Long::sum);
        }
        notifyListener(() -> listener.peerObserved(peer));
        return true;
    }

    /** Stops handing anything on (the consumer closed the crawl). */
    public synchronized void close() {
        closed = true;
    }

    /** The first sink failure (an {@link IOException}, or what else a sink threw), or {@code null}. */
    public synchronized Exception failure() {
        return failure;
    }

    /** Counts so far: reachable, unreachable, discovered. */
    public synchronized long[] counts() {
        return new long[] {reachable, unreachable, discovered};
    }

    /** The summary of the crawl as recorded. */
    public synchronized CrawlSummary summary(CrawlInfo crawl, java.time.Instant finished, CrawlSummary.StopReason reason) {
        return new CrawlSummary(crawl, finished, reason, reachable, unreachable, discovered, errors, edges, endings);
    }

    /**
     * Tells the sinks the crawl finished (unless a sink failed), then closes every sink, each whatever the others
     * did. A failure here is kept like any other, and {@link #failedFinishing()} tells it came only now.
     */
    public synchronized void finish(CrawlSummary summary) {
        boolean clean = failure == null;
        if (clean) {
            for (PeerSink sink : sinks) {
                try {
                    sink.crawlFinished(summary);
                } catch (IOException | RuntimeException e) {
                    fail(e);
                    break;
                }
            }
        }
        closeSinks();
        failedFinishing = clean && failure != null;
    }

    /** Whether the first sink failure came as the sinks finished, after every observation was handed on. */
    public synchronized boolean failedFinishing() {
        return failedFinishing;
    }

    private void closeSinks() {
        for (PeerSink sink : sinks) {
            try {
                sink.close();
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }
    }

    private void fail(Exception e) {
        if (failure == null) {
            failure = e;
            LOG.error("sink failed, stopping the crawl: {}", e.toString());
        } else if (failure != e) {
            failure.addSuppressed(e);
        }
    }

    private static void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("crawl listener threw; ignored", e);
        }
    }
}
