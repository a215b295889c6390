package io.peercensus.crawl;

import io.peercensus.Peer;
import java.util.List;
import java.util.Objects;

/**
 * What one conversation produced: the observation of the peer and the neighbours it named.
 *
 * <p>Immutable and thread-safe.
 *
 * @param observation the peer as observed (reachable, or unreachable with an error)
 * @param neighbours the peers it told us about, to be crawled in turn; an edge is recorded to each
 */
public record ProbeResult(Peer observation, List<ProbeTarget> neighbours) {

    public ProbeResult {
        Objects.requireNonNull(observation, "observation");
        neighbours = List.copyOf(neighbours);
    }
}
