package io.peercensus.sink;

import java.util.Objects;

/**
 * A neighbour edge of a stored crawl: {@code from} told the crawler about {@code to}. Peer IDs as in
 * {@link io.peercensus.Peer#peerID()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param from the peer that returned the address
 * @param to the peer it returned
 */
public record Edge(String from, String to) {

    public Edge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
