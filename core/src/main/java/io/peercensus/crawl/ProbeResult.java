package io.peercensus.crawl;

import io.peercensus.Peer;
import java.util.List;
import java.util.Objects;

/**
 * What one conversation produced: the observation of the peer and the neighbours it named.
 *
 * <p>The peer IDs of {@code neighbours} and {@code knownNeighbours} are all distinct and never the
 * observed peer's own: the crawl records one edge to each as given, without deduplicating again
 * (a peer names hundreds of others, millions in a crawl). Immutable and thread-safe.
 *
 * @param observation the peer as observed (reachable, or unreachable with an error)
 * @param neighbours the peers it told us about, to be crawled in turn; an edge is recorded to each
 * @param knownNeighbours peer IDs of further peers it told us about that the crawl already knew
 *     ({@link ProbeContext#isKnown}); an edge is recorded to each, nothing more
 */
public record ProbeResult(Peer observation, List<ProbeTarget> neighbours, List<String> knownNeighbours) {

    public ProbeResult {
        Objects.requireNonNull(observation, "observation");
        neighbours = List.copyOf(neighbours);
        knownNeighbours = List.copyOf(knownNeighbours);
    }

    /** A result whose neighbours are all given as targets. */
    public ProbeResult(Peer observation, List<ProbeTarget> neighbours) {
        this(observation, neighbours, List.of());
    }
}
