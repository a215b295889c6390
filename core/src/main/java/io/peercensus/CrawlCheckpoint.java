package io.peercensus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where a stopped or killed crawl stands, as a database recorded it: what a crawl resumed from it needs to go on as
 * if it had never been interrupted. Read one with {@link io.peercensus.sink.CrawlStore#checkpoint(String)} and
 * resume with {@link CrawlerBuilder#resume(CrawlCheckpoint)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param crawlId the crawl's run id, which the resumed crawl keeps
 * @param network the network crawled
 * @param started when the crawl first started
 * @param observed the peer IDs the crawl observed (any status): never dialed again
 * @param queued the peers the crawl queued to dial and never observed (status discovered, with their addresses and
 *     source): dialed by the resumed crawl, among them those in flight when the crawl was interrupted
 * @param reachable observations with status reachable so far
 * @param unreachable observations with status unreachable so far
 * @param discovered observations with status discovered so far
 */
public record CrawlCheckpoint(
        String crawlId,
        Network network,
        Instant started,
        Set<String> observed,
        List<Peer> queued,
        long reachable,
        long unreachable,
        long discovered) {

    public CrawlCheckpoint {
        Objects.requireNonNull(crawlId, "crawlId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(started, "started");
        observed = Set.copyOf(observed);
        queued = List.copyOf(queued);
    }
}
