package io.peercensus;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a crawl is, handed to sinks and listeners when it starts.
 *
 * <p>Immutable and thread-safe.
 *
 * @param crawlId the crawl's run id, unique per crawl
 * @param network the network being crawled
 * @param started when it started
 * @param settings its settings, as names and values (stored with the crawl in databases)
 */
public record CrawlInfo(String crawlId, Network network, Instant started, Map<String, String> settings) {

    public CrawlInfo {
        Objects.requireNonNull(crawlId, "crawlId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(started, "started");
        settings = Map.copyOf(settings);
    }
}
