package io.peercensus.examples.report;

import io.peercensus.Peer;
import io.peercensus.PeerStatus;

/**
 * Picks the observation that speaks for a peer a crawl observed more than once: reachable over unreachable over
 * discovered, and the later one of two alike. Stateless and thread-safe.
 */
public final class BestObservation {
    private BestObservation() {
    }

    /** The better of an earlier and a later observation of one peer; usable as a {@code Map.merge} function. */
    public static Peer of(Peer earlier, Peer later) {
        return rank(later.status()) >= rank(earlier.status()) ? later : earlier;
    }

    private static int rank(PeerStatus status) {
        return switch (status) {
            case REACHABLE -> 2;
            case UNREACHABLE -> 1;
            case DISCOVERED -> 0;
        };
    }
}
