package io.peercensus.internal.crawl;

import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the neighbour edges between reachable peers of one crawl ({@link io.peercensus.crawl.EdgePolicy#REACHABLE}).
 * An edge to a peer already recorded reachable goes out at once; one to a peer recorded otherwise is dropped; one to a
 * peer not recorded yet (queued, in flight, or about to be queued by another conversation) waits until that peer is
 * recorded, and goes out then if it was reachable. Edges still waiting when the crawl ends are dropped.
 *
 * <p>One map holds every peer named or recorded, so an edge costs one lookup. Memory: an entry per such peer (the
 * same strings the crawl holds), plus one reference per edge waiting for its peer. Not thread-safe: the
 * {@link ObservationLog} calls it under its lock.
 */
final class ReachableEdges {
    /** The state of a peer recorded reachable. */
    private static final Object REACHABLE = new Object();
    /** The state of a peer recorded unreachable or discovered. */
    private static final Object NOT_REACHABLE = new Object();

    /** {@link #REACHABLE}, {@link #NOT_REACHABLE}, or the {@link Waiting} edges of a peer not recorded yet. */
    private final Map<String, Object> state = new HashMap<>();

    /** The peers that named a peer not recorded yet. */
    private static final class Waiting {
        final List<String> from = new ArrayList<>(2);
    }

    /**
     * Records {@code peer}'s observation.
     *
     * @param neighbours the IDs it returned
     * @param into receives the peers whose edges to {@code peer} were waiting for it, when it is reachable
     * @return the edges from {@code peer} to hand on now
     */
    List<String> recorded(Peer peer, List<String> neighbours, List<String> into) {
        String id = peer.peerID();
        boolean reachable = peer.status() == PeerStatus.REACHABLE;
        Object before = state.put(id, reachable ? REACHABLE : NOT_REACHABLE);
        if (!reachable) {
            return List.of();
        }
        if (before instanceof Waiting w) {
            into.addAll(w.from);
        }
        List<String> now = new ArrayList<>();
        for (String n : neighbours) {
            Object s = state.get(n);
            if (s == REACHABLE) {
                now.add(n);
            } else if (s == null) {
                Waiting w = new Waiting();
                w.from.add(id);
                state.put(n, w);
            } else if (s instanceof Waiting w) {
                w.from.add(id);
            }
        }
        return now;
    }
}
