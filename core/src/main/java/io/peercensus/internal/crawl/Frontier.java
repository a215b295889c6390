package io.peercensus.internal.crawl;

import io.peercensus.crawl.ProbeTarget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peers a crawl has heard of: a dedup set over peer IDs and the queue of those still to dial,
 * in the order they were heard of (breadth first).
 *
 * <p>The dedup set is thread-safe and lock-free, because a crawl checks it millions of times (every
 * address every peer names) and nearly always finds the peer known. The queue is not thread-safe:
 * the engine guards it with its lock.
 */
public final class Frontier {
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<ProbeTarget> queue = new ArrayDeque<>();

    /** Marks {@code peerID} seen; false when it already was. Thread-safe. */
    public boolean markSeen(String peerID) {
        return seen.add(peerID);
    }

    /** Queues a target (already marked seen) for dialing. */
    public void enqueue(ProbeTarget target) {
        queue.addLast(target);
    }

    /** The next target to dial, or {@code null}. */
    public ProbeTarget poll() {
        return queue.pollFirst();
    }

    /** Removes and returns everything still queued. */
    public List<ProbeTarget> drain() {
        List<ProbeTarget> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    /** Whether {@code peerID} was seen. Thread-safe. */
    public boolean isSeen(String peerID) {
        return seen.contains(peerID);
    }

    /** Distinct peers heard of. Thread-safe. */
    public int seenCount() {
        return seen.size();
    }

    /** Peers waiting to be dialed. */
    public int queued() {
        return queue.size();
    }

    /** Whether nothing waits to be dialed. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
