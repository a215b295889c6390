package io.peercensus.examples.report;

import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What changed between two crawls of one network, peer by peer (matched by {@code peerID}).
 *
 * <p>A peer is <em>present</em> in a crawl when the crawl reached it (status reachable): a peer only heard of, or
 * dialed without success, may well be running, and an address gossiped for weeks after its node is gone would
 * otherwise never disappear. So a peer <em>appeared</em> when it is reachable in {@code after} and not in
 * {@code before}, <em>disappeared</em> in the reverse case, and <em>changed software</em> when it is reachable in
 * both and its {@code agentVersion} or its Bitcoin protocol version differs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param before the earlier crawl
 * @param after the later crawl
 * @param appeared peer IDs present only in {@code after}, sorted
 * @param disappeared peer IDs present only in {@code before}, sorted
 * @param changed peers present in both whose software changed, by peer ID
 */
public record CrawlComparison(StoredCrawl before, StoredCrawl after, List<String> appeared, List<String> disappeared,
                              List<SoftwareChange> changed) {

    public CrawlComparison {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        appeared = List.copyOf(appeared);
        disappeared = List.copyOf(disappeared);
        changed = List.copyOf(changed);
    }

    /**
     * Compares two stored crawls.
     *
     * @throws IllegalArgumentException when the crawls are of different networks
     * @throws IOException when the store cannot be read
     */
    public static CrawlComparison compute(CrawlStore store, StoredCrawl before, StoredCrawl after) throws IOException {
        if (!before.network().equals(after.network())) {
            throw new IllegalArgumentException("crawls " + before.crawlId() + " (" + before.network() + ") and "
                    + after.crawlId() + " (" + after.network() + ") are of different networks");
        }
        Map<String, Peer> was = present(store, before);
        Map<String, Peer> is = present(store, after);
        List<String> appeared = new ArrayList<>();
        List<SoftwareChange> changed = new ArrayList<>();
        for (Peer now : is.values()) {
            Peer then = was.get(now.peerID());
            if (then == null) {
                appeared.add(now.peerID());
            } else if (!now.agentVersion().equals(then.agentVersion())
                    || !Objects.equals(version(now), version(then))) {
                changed.add(new SoftwareChange(now.peerID(), then.agentVersion(), version(then), now.agentVersion(),
                        version(now)));
            }
        }
        List<String> disappeared = new ArrayList<>();
        for (String id : was.keySet()) {
            if (!is.containsKey(id)) {
                disappeared.add(id);
            }
        }
        return new CrawlComparison(before, after, appeared, disappeared, changed);
    }

    private static Integer version(Peer p) {
        return p.bitcoin() == null ? null : p.bitcoin().version();
    }

    /** The reachable peers of a crawl by peer ID, sorted; the last observation wins when a peer was reached twice. */
    private static Map<String, Peer> present(CrawlStore store, StoredCrawl crawl) throws IOException {
        Map<String, Peer> peers = new TreeMap<>();
        try (Stream<Peer> observations = store.observations(crawl.crawlId())) {
            observations.filter(p -> p.status() == PeerStatus.REACHABLE).forEach(p -> peers.put(p.peerID(), p));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return peers;
    }

    /**
     * A peer whose software changed between the crawls.
     *
     * @param peerID the peer
     * @param agentBefore its agent version in the earlier crawl
     * @param versionBefore its Bitcoin protocol version then, {@code null} for libp2p peers
     * @param agentAfter its agent version in the later crawl
     * @param versionAfter its Bitcoin protocol version now, {@code null} for libp2p peers
     */
    public record SoftwareChange(String peerID, String agentBefore, Integer versionBefore, String agentAfter,
                                 Integer versionAfter) {
        public SoftwareChange {
            Objects.requireNonNull(peerID, "peerID");
            Objects.requireNonNull(agentBefore, "agentBefore");
            Objects.requireNonNull(agentAfter, "agentAfter");
        }
    }
}
