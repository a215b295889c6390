package io.peercensus.sink;

import io.peercensus.CrawlSummary;
import io.peercensus.Network;
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
        long discovered) {

    public StoredCrawl {
        Objects.requireNonNull(crawlId, "crawlId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(started, "started");
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
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
