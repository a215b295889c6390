package io.peercensus.examples.serve;

import io.peercensus.CrawlInfo;
import io.peercensus.CrawlListener;
import io.peercensus.CrawlProgress;
import io.peercensus.CrawlSummary;
import io.peercensus.ErrorClass;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import io.peercensus.sink.StoredCrawl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the service knows of one network's crawls: the latest crawl (the one running, or the last one until the next
 * starts) with its counts, top agent versions and address kinds, totals over every crawl this process ran, a
 * history of samples for the reachability chart, and the crawls themselves.
 *
 * <p>Fed by a {@link #sink() sink} (observations, in crawl order) and a {@link #listener() listener} (progress,
 * failures). Thread-safe: every method is synchronized; {@link #snapshot()} gives a consistent copy.
 */
final class NetworkStats {
    /** Upper bounds of the crawl duration histogram, in seconds. */
    static final double[] DURATION_BUCKETS = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600};
    private static final int HISTORY = 600;
    private static final int CRAWLS_KEPT = 1000;
    private static final int TOP_AGENTS = 10;

    private final Network network;
    private final Clock clock;

    private CrawlInfo crawl;
    private Instant finished;
    private CrawlSummary.StopReason stopReason;
    private CrawlProgress progress;
    private final long[] counts = new long[PeerStatus.values().length];
    private final Map<ErrorClass, Long> errors = new EnumMap<>(ErrorClass.class);
    private final Map<String, Long> agents = new HashMap<>();
    private final Map<AddressKind, Long> kinds = new EnumMap<>(AddressKind.class);

    private long crawlsFinished;
    private long crawlsFailed;
    private String lastFailure;
    private final long[] totals = new long[PeerStatus.values().length];
    private final Map<ErrorClass, Long> totalErrors = new EnumMap<>(ErrorClass.class);
    private final long[] durationBuckets = new long[DURATION_BUCKETS.length];
    private double durationSum;
    private double lastDuration = Double.NaN;
    private final ArrayDeque<Sample> history = new ArrayDeque<>();
    private final ArrayDeque<StoredCrawl> crawls = new ArrayDeque<>();

    /** One point of the reachability chart. */
    record Sample(Instant at, String crawlId, long reachable, long unreachable, long discovered) {
    }

    /** One agent version and how many reachable peers of the latest crawl sent it. */
    record AgentCount(String agentVersion, long count) {
    }

    /** A consistent copy of everything, for {@code /stats} and {@code /metrics}. */
    record Snapshot(
            Network network, CrawlInfo crawl, Instant finished, CrawlSummary.StopReason stopReason, CrawlProgress progress,
            long[] counts, Map<ErrorClass, Long> errors, List<AgentCount> topAgents, Map<AddressKind, Long> kinds,
            long crawlsFinished, long crawlsFailed, String lastFailure, long[] totals, Map<ErrorClass, Long> totalErrors,
            long[] durationBuckets, double durationSum, double lastDuration, List<Sample> history) {

        /** Observations of the latest crawl with {@code status}. */
        long count(PeerStatus status) {
            return counts[status.ordinal()];
        }

        /** Observations of every crawl with {@code status}. */
        long total(PeerStatus status) {
            return totals[status.ordinal()];
        }

        /** Whether the latest crawl is still running. */
        boolean running() {
            return crawl != null && finished == null;
        }
    }

    NetworkStats(Network network, Clock clock) {
        this.network = network;
        this.clock = clock;
    }

    Network network() {
        return network;
    }

    synchronized void started(CrawlInfo info) {
        crawl = info;
        finished = null;
        stopReason = null;
        progress = null;
        java.util.Arrays.fill(counts, 0);
        errors.clear();
        agents.clear();
        kinds.clear();
        sample();
    }

    synchronized void observed(Peer peer) {
        counts[peer.status().ordinal()]++;
        totals[peer.status().ordinal()]++;
        if (peer.status() == PeerStatus.UNREACHABLE) {
            errors.merge(peer.error().errorClass(), 1L, Long::sum);
            totalErrors.merge(peer.error().errorClass(), 1L, Long::sum);
        }
        if (peer.status() == PeerStatus.REACHABLE) {
            agents.merge(peer.agentVersion(), 1L, Long::sum);
        }
        kinds.merge(AddressKind.of(peer), 1L, Long::sum);
    }

    synchronized void progressed(CrawlProgress p) {
        if (crawl != null && finished == null) {
            progress = p;
            sample();
        }
    }

    synchronized void finished(CrawlSummary summary) {
        if (crawl == null || !crawl.crawlId().equals(summary.crawl().crawlId())) {
            return;
        }
        finished = summary.finished();
        stopReason = summary.stopReason();
        crawlsFinished++;
        double seconds = summary.duration().toNanos() / 1e9;
        lastDuration = seconds;
        durationSum += seconds;
        for (int i = 0; i < DURATION_BUCKETS.length; i++) {
            if (seconds <= DURATION_BUCKETS[i]) {
                durationBuckets[i]++;
            }
        }
        sample();
        remember(new StoredCrawl(crawl.crawlId(), network, crawl.started(), finished, crawl.settings(), stopReason,
                summary.reachable(), summary.unreachable(), summary.discovered()));
    }

    synchronized void failed(CrawlInfo info, Throwable cause) {
        crawlsFailed++;
        lastFailure = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (crawl != null && crawl.crawlId().equals(info.crawlId()) && finished == null) {
            finished = clock.instant();
            stopReason = CrawlSummary.StopReason.CLOSED;
        }
    }

    /** A crawl that could not even start (no usable seed), as the monitor saw it. */
    synchronized void failedToStart(String message) {
        crawlsFailed++;
        lastFailure = message;
    }

    private void remember(StoredCrawl c) {
        if (crawls.size() == CRAWLS_KEPT) {
            crawls.removeFirst();
        }
        crawls.addLast(c);
    }

    private void sample() {
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast(new Sample(clock.instant(), crawl.crawlId(), counts[PeerStatus.REACHABLE.ordinal()],
                counts[PeerStatus.UNREACHABLE.ordinal()], counts[PeerStatus.DISCOVERED.ordinal()]));
    }

    /** The crawls this process ran, oldest first, the running one last (with its counts so far). */
    synchronized List<StoredCrawl> crawls() {
        List<StoredCrawl> out = new ArrayList<>(crawls);
        if (crawl != null && finished == null) {
            out.add(new StoredCrawl(crawl.crawlId(), network, crawl.started(), null, crawl.settings(), null,
                    counts[0], counts[1], counts[2]));
        }
        return out;
    }

    synchronized Snapshot snapshot() {
        List<AgentCount> top = agents.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_AGENTS).map(e -> new AgentCount(e.getKey(), e.getValue())).toList();
        return new Snapshot(network, crawl, finished, stopReason, progress, counts.clone(), new EnumMap<>(errors), top,
                new EnumMap<>(kinds), crawlsFinished, crawlsFailed, lastFailure, totals.clone(),
                new EnumMap<>(totalErrors), durationBuckets.clone(), durationSum, lastDuration, List.copyOf(history));
    }

    /** Elapsed time of the latest crawl: until now while it runs, else its duration. */
    static Duration elapsed(Snapshot s, Instant now) {
        if (s.crawl() == null) {
            return Duration.ZERO;
        }
        return Duration.between(s.crawl().started(), s.finished() == null ? now : s.finished());
    }

    /** A sink for one crawl: counts each observation; never closed by the crawl. */
    PeerSink sink() {
        return new PeerSink() {
            @Override
            public void crawlStarted(CrawlInfo info) {
                started(info);
            }

            @Override
            public void accept(Peer peer) {
                observed(peer);
            }

            @Override
            public void crawlFinished(CrawlSummary summary) {
                finished(summary);
            }
        };
    }

    /** A listener for progress and failures. */
    CrawlListener listener() {
        return new CrawlListener() {
            @Override
            public void progress(CrawlProgress p) {
                progressed(p);
            }

            @Override
            public void crawlFailed(CrawlInfo info, Throwable cause) {
                failed(info, cause);
            }
        };
    }

    static Comparator<StoredCrawl> byStart() {
        return Comparator.comparing(StoredCrawl::started).thenComparing(StoredCrawl::crawlId);
    }
}
