package io.peercensus.crawl;

import java.util.Locale;

/**
 * Which neighbour edges a crawl hands to its sinks ({@link io.peercensus.PeerSink#edges}). A Bitcoin node answers
 * {@code getaddr} with up to 1,000 addresses, most of them of nodes that are not reachable, so storing every edge of
 * a crawl of the real network means about 20 million rows; the edges between reachable nodes are a fraction of that
 * and are the graph of the network as it can be reached.
 */
public enum EdgePolicy {
    /** No edges: observations only (Nebula's default without {@code --neighbors}). */
    NONE,
    /**
     * Edges between reachable peers only (the default): an edge to a peer not yet observed waits until the peer is,
     * and is dropped unless it turned out reachable.
     */
    REACHABLE,
    /** Every address every peer returned, reachable or not. */
    ALL;

    /** The name as written on the command line and in stored settings: {@code none}, {@code reachable}, {@code all}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The policy of {@code label}.
     *
     * @throws IllegalArgumentException naming the choices when there is none of that name
     */
    public static EdgePolicy of(String label) {
        for (EdgePolicy p : values()) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown edge policy '" + label + "' (expected none, reachable or all)");
    }
}
