package io.peercensus.examples.export;

import io.peercensus.Peer;
import io.peercensus.examples.report.BestObservation;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.Edge;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a stored crawl's peer graph: one node per distinct peer observed (its best observation, see
 * {@link BestObservation}), one edge per row of the edges table in stored order, and one node with status
 * {@code unobserved} for any peer an edge names that the crawl never observed. Edges are streamed, so a graph of
 * millions of edges needs memory only for its nodes. Stateless and thread-safe.
 */
public final class GraphExport {

    /**
     * What was written.
     *
     * @param nodes nodes written, unobserved ones included
     * @param unobserved nodes named only by edges
     * @param edges edges written
     */
    public record Counts(int nodes, int unobserved, long edges) {
    }

    private GraphExport() {
    }

    /**
     * Writes the graph of {@code crawl} from {@code store} to {@code out} (flushed, not closed).
     *
     * @throws IOException when the store cannot be read or {@code out} written
     */
    public static Counts write(CrawlStore store, StoredCrawl crawl, GraphFormat format, Writer out) throws IOException {
        Map<String, Peer> peers = new LinkedHashMap<>();
        try (Stream<Peer> observations = store.observations(crawl.crawlId())) {
            observations.forEach(p -> peers.merge(p.peerID(), p, BestObservation::of));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        GraphWriter writer = format.writerTo(out);
        writer.begin(crawl);
        Map<String, Integer> index = new HashMap<>(peers.size() * 2);
        for (Peer p : peers.values()) {
            int i = index.size();
            index.put(p.peerID(), i);
            writer.node(i, p.peerID(), p);
        }
        Map<String, Integer> unobserved = new LinkedHashMap<>();
        long edges = 0;
        try (Stream<Edge> stored = store.edges(crawl.crawlId())) {
            for (Iterator<Edge> it = stored.iterator(); it.hasNext(); ) {
                Edge e = it.next();
                int from = indexOf(e.from(), index, unobserved);
                int to = indexOf(e.to(), index, unobserved);
                writer.edge(edges++, from, e.from(), to, e.to());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Map.Entry<String, Integer> u : unobserved.entrySet()) {
            writer.node(u.getValue(), u.getKey(), null);
        }
        writer.end();
        return new Counts(index.size(), unobserved.size(), edges);
    }

    private static int indexOf(String peerID, Map<String, Integer> index, Map<String, Integer> unobserved) {
        Integer i = index.get(peerID);
        if (i == null) {
            i = index.size();
            index.put(peerID, i);
            unobserved.put(peerID, i);
        }
        return i;
    }
}
