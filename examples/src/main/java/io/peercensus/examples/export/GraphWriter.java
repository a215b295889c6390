package io.peercensus.examples.export;

import io.peercensus.Peer;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;

/**
 * Writes a peer graph in one format, streamed: {@link #begin}, nodes and edges in any order (an edge may name a
 * node written later), {@link #end}. Nodes are numbered from 0 by {@link GraphExport}. Not thread-safe.
 */
sealed interface GraphWriter permits GraphMlWriter, DotWriter, EdgeCsvWriter {

    /** Starts the document. */
    void begin(StoredCrawl crawl) throws IOException;

    /**
     * One node.
     *
     * @param index the node's number
     * @param peerID its peer ID
     * @param observation what the crawl saw of it, or {@code null} when it was named in an edge but never observed
     */
    void node(int index, String peerID, Peer observation) throws IOException;

    /**
     * One edge: {@code from} returned {@code to} as a neighbour.
     *
     * @param index the edge's number, from 0
     * @param from the number of the node that returned the neighbour
     * @param fromID its peer ID
     * @param to the number of the neighbour's node
     * @param toID its peer ID
     */
    void edge(long index, int from, String fromID, int to, String toID) throws IOException;

    /** Ends the document and flushes it (the target is not closed). */
    void end() throws IOException;

    /** The node's status name: the observation's, or {@code unobserved}. */
    static String status(Peer observation) {
        return observation == null ? "unobserved" : observation.status().jsonName();
    }

    /** The error class label of an unreachable observation, else empty. */
    static String error(Peer observation) {
        return observation == null || observation.error() == null ? "" : observation.error().errorClass().label();
    }

    /** The agent version, empty when unknown. */
    static String agent(Peer observation) {
        return observation == null ? "" : observation.agentVersion();
    }
}
