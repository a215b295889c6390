package io.peercensus.crawl;

import io.peercensus.CrawlSummary;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps what a crawl hands it, for assertions. */
final class RecordingSink implements PeerSink {
    final List<Peer> peers = new ArrayList<>();
    final Map<String, List<String>> edges = new ConcurrentHashMap<>();
    CrawlSummary finished;
    int closed;

    @Override
    public synchronized void accept(Peer peer) {
        peers.add(peer);
        events.add("O:" + peer.peerID());
    }

    final List<Peer> queued = new ArrayList<>();
    /** Every queued peer and observation in the order they came: {@code Q:id}, {@code O:id}. */
    final List<String> events = new ArrayList<>();
    int resumed;

    @Override
    public synchronized void edges(String from, List<String> to) {
        edges.computeIfAbsent(from, k -> new ArrayList<>()).addAll(to);
    }

    @Override
    public synchronized void queued(Peer peer) {
        queued.add(peer);
        events.add("Q:" + peer.peerID());
    }

    @Override
    public void crawlResumed(io.peercensus.CrawlInfo crawl) {
        resumed++;
    }

    @Override
    public void crawlFinished(CrawlSummary summary) {
        finished = summary;
    }

    @Override
    public void close() {
        closed++;
    }

    synchronized Map<String, Peer> byId() {
        Map<String, Peer> m = new java.util.HashMap<>();
        for (Peer p : peers) {
            if (m.put(p.peerID(), p) != null) {
                throw new AssertionError("observed twice: " + p.peerID());
            }
        }
        return m;
    }
}
