package io.peercensus.internal.crawl;

import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the neighbour edges between reachable peers of one crawl ({@link io.peercensus.crawl.EdgePolicy#REACHABLE}).
 * An edge to a peer already recorded reachable goes out at once; one to a peer recorded otherwise is dropped; one to a
 * peer not recorded yet (queued, in flight, or about to be queued by another conversation) waits until that peer is
 * recorded, and goes out then if it was reachable. Edges still waiting when the crawl ends are dropped.
 *
 * <p>Memory: the IDs of the peers recorded (the same strings the crawl holds), plus one reference per edge waiting for
 * its peer. Not thread-safe: the {@link ObservationLog} calls it under its lock.
 */
final class ReachableEdges {
    private final Set<String> reachable = new HashSet<>();
    private final Set<String> notReachable = new HashSet<>();
    private final Map<String, List<String>> waiting = new HashMap<>();

    /**
     * Records {@code peer}'s observation.
     *
     * @param neighbours the IDs it returned
     * @param into receives the peers whose edges to {@code peer} were waiting for it, when it is reachable
     * @return the edges from {@code peer} to hand on now
     */
    List<String> recorded(Peer peer, List<String> neighbours, List<String> into) {
        String id = peer.peerID();
        List<String> from = waiting.remove(id);
        if (peer.status() != PeerStatus.REACHABLE) {
            notReachable.add(id);
            return List.of();
        }
        reachable.add(id);
        if (from != null) {
            into.addAll(from);
        }
        List<String> now = new ArrayList<>();
        for (String n : neighbours) {
            if (reachable.contains(n)) {
                now.add(n);
            } else if (!notReachable.contains(n)) {
                waiting.computeIfAbsent(n, k -> new ArrayList<>(2)).add(id);
            }
        }
        return now;
    }
}
