package io.peercensus.sink;

import io.peercensus.CrawlSummary;
import io.peercensus.Network;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One crawl as a database holds it: a row of the {@code crawls} table.
 *
 * <p>Immutable and thread-safe.
 *
 * @param crawlId the crawl's run id
 * @param network the network crawled
 * @param started when it started
 * @param finished when it ended, or {@code null} when it never finished (the sink was closed mid-crawl, or the
 *     process died)
 * @param settings the crawl's settings, sorted by name
 * @param stopReason why it ended, {@code null} when it never finished
 * @param reachable observations with status reachable (as of the last commit when not finished)
 * @param unreachable observations with status unreachable (likewise)
 * @param discovered observations with status discovered (likewise)
 * @param heartbeat the crawl's last commit while it ran (see {@link JdbcSink}), or {@code null} when the database
 *     predates heartbeats
 */
public record StoredCrawl(
        String crawlId,
        Network network,
        Instant started,
        Instant finished,
        Map<String, String> settings,
        CrawlSummary.StopReason stopReason,
        long reachable,
        long unreachable,
        long discovered,
        Instant heartbeat) {

    /** How long a crawl that never finished may go without a heartbeat before it counts as killed. */
    public static final Duration KILLED_AFTER = Duration.ofSeconds(30);

    /** Where a stored crawl stands. */
    public enum State {
        /** It recorded its end (stop reason other than {@code stopped}). */
        FINISHED,
        /** It was stopped on request and can be resumed. */
        STOPPED,
        /** It never finished and its heartbeat is recent: it is still under way. */
        RUNNING,
        /** It never finished and its heartbeat stopped: the process died. It can be resumed. */
        KILLED,
        /** It never finished, and the database predates heartbeats, so whether it runs is unknown. */
        UNFINISHED
    }

    /** A crawl read from a database without heartbeats. */
    public StoredCrawl(String crawlId, Network network, Instant started, Instant finished, Map<String, String> settings,
            CrawlSummary.StopReason stopReason, long reachable, long unreachable, long discovered) {
        this(crawlId, network, started, finished, settings, stopReason, reachable, unreachable, discovered, null);
    }

    public StoredCrawl {
        Objects.requireNonNull(crawlId, "crawlId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(started, "started");
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** Where the crawl stands at {@code now}: a crawl without an end is running or killed by its heartbeat's age. */
    public State state(Instant now) {
        if (finished != null) {
            return stopReason == CrawlSummary.StopReason.STOPPED ? State.STOPPED : State.FINISHED;
        }
        if (heartbeat == null) {
            return State.UNFINISHED;
        }
        return Duration.between(heartbeat, now).compareTo(KILLED_AFTER) > 0 ? State.KILLED : State.RUNNING;
    }

    /** Whether the crawl can be resumed: it was stopped, or never finished. */
    public boolean isResumable() {
        return finished == null || stopReason == CrawlSummary.StopReason.STOPPED;
    }

    /** Whether the crawl recorded its end. */
    public boolean isFinished() {
        return finished != null;
    }

    /** All observations: reachable plus unreachable plus discovered. */
    public long observations() {
        return reachable + unreachable + discovered;
    }
}
