package io.peercensus.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.CrawlCheckpoint;
import io.peercensus.CrawlInfo;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlSummary.StopReason;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.testing.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the database side of stopping and resuming. The journal of queued peers, the checkpoint read back from
 * it, a resumed crawl continuing the stored one, the heartbeat that tells a killed crawl from a running one, pruning
 * old crawls, and the upgrade of a version 1 database.
 */
class JdbcSinkResumeTest {
    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private static CrawlInfo crawl(String id, Instant started) {
        return new CrawlInfo(id, Network.BITCOIN, started, Map.of("concurrency", "500"));
    }

    private static Peer queued(int i) {
        return Peer.builder().network(Network.BITCOIN).peerID(SamplePeers.peerId(i))
                .addresses(List.of("/ip4/" + SamplePeers.peerId(i).replace(":", "/tcp/"))).status(PeerStatus.DISCOVERED)
                .seenAt(STARTED).source(i == 0 ? null : SamplePeers.peerId(0)).build();
    }

    private static Peer reachable(int i) {
        return Peer.builder().network(Network.BITCOIN).peerID(SamplePeers.peerId(i)).status(PeerStatus.REACHABLE)
                .seenAt(STARTED.plusSeconds(i)).build();
    }

    /** A crawl that queued peers 0..9, observed 0..3 and 5, and was killed (its sink never closed). */
    private JdbcSink killedCrawl(Path db) throws IOException {
        JdbcSink sink = JdbcSink.sqlite(db);
        sink.crawlStarted(crawl("run-1", STARTED));
        for (int i = 0; i < 10; i++) {
            sink.queued(queued(i));
        }
        for (int i : new int[] {0, 1, 2, 3, 5}) {
            sink.accept(reachable(i));
        }
        sink.edges(SamplePeers.peerId(0), List.of(SamplePeers.peerId(1), SamplePeers.peerId(2)));
        return sink;
    }

    @Test
    void aCheckpointHoldsTheObservedPeersAndTheQueuedOnesNeverObserved() throws Exception {
        Path db = dir.resolve("crawl.db");
        JdbcSink sink = killedCrawl(db);
        sink.close(); // commits, as the killed process's last commit did; the crawl stays unfinished

        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(store.resumable(Network.BITCOIN)).map(StoredCrawl::crawlId).contains("run-1");
            assertThat(store.resumable(Network.IPFS)).isEmpty();
            CrawlCheckpoint c = store.checkpoint("run-1");
            assertThat(c.crawlId()).isEqualTo("run-1");
            assertThat(c.started()).isEqualTo(STARTED);
            assertThat(c.observed()).containsExactlyInAnyOrder(SamplePeers.peerId(0), SamplePeers.peerId(1),
                    SamplePeers.peerId(2), SamplePeers.peerId(3), SamplePeers.peerId(5));
            assertThat(c.queued()).containsExactly(queued(4), queued(6), queued(7), queued(8), queued(9));
            assertThat(c.reachable()).isEqualTo(5);
        }
    }

    @Test
    void aResumedCrawlContinuesTheStoredOneAndDropsItsJournalWhenItFinishes() throws Exception {
        Path db = dir.resolve("crawl.db");
        killedCrawl(db).close();

        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            sink.crawlResumed(crawl("run-1", STARTED));
            sink.accept(reachable(4));
            sink.edges(SamplePeers.peerId(4), List.of(SamplePeers.peerId(0)));
            sink.crawlFinished(new CrawlSummary(crawl("run-1", STARTED), STARTED.plusSeconds(60), StopReason.EXHAUSTED,
                    6, 0, 0, Map.of(), 3));
        }

        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(store.crawls()).singleElement().satisfies(c -> {
                assertThat(c.stopReason()).isEqualTo(StopReason.EXHAUSTED);
                assertThat(c.reachable()).isEqualTo(6);
                assertThat(c.state(Instant.now())).isEqualTo(StoredCrawl.State.FINISHED);
            });
            try (Stream<Peer> peers = store.observations("run-1")) {
                assertThat(peers.map(Peer::peerID).toList()).as("numbered after the stored ones, in order")
                        .containsExactly(SamplePeers.peerId(0), SamplePeers.peerId(1), SamplePeers.peerId(2),
                                SamplePeers.peerId(3), SamplePeers.peerId(5), SamplePeers.peerId(4));
            }
            try (Stream<Edge> edges = store.edges("run-1")) {
                assertThat(edges.toList()).hasSize(3).last().isEqualTo(new Edge(SamplePeers.peerId(4), SamplePeers.peerId(0)));
            }
            assertThatThrownBy(() -> store.checkpoint("run-1")).isInstanceOf(IOException.class)
                    .hasMessage("cannot resume crawl run-1: it finished (exhausted)");
        }
        assertThat(rows(db, "SELECT COUNT(*) FROM queued")).isZero();
    }

    @Test
    void aStoppedCrawlKeepsItsJournalAndCanBeResumed() throws Exception {
        Path db = dir.resolve("crawl.db");
        try (JdbcSink sink = killedCrawl(db)) {
            sink.crawlFinished(new CrawlSummary(crawl("run-1", STARTED), STARTED.plusSeconds(9), StopReason.STOPPED,
                    5, 0, 0, Map.of(), 2));
        }
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(store.crawls().get(0).state(Instant.now())).isEqualTo(StoredCrawl.State.STOPPED);
            assertThat(store.checkpoint("run-1").queued()).hasSize(5);
        }
        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            sink.crawlResumed(crawl("run-1", STARTED));
        }
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            StoredCrawl c = store.crawls().get(0);
            assertThat(c.finished()).as("reopened").isNull();
            assertThat(c.stopReason()).isNull();
        }
    }

    @Test
    void resumingACrawlThatIsNotThereOrFinishedSaysSo() throws Exception {
        Path db = dir.resolve("crawl.db");
        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            assertThatThrownBy(() -> sink.crawlResumed(crawl("nope", STARTED))).isInstanceOf(IOException.class)
                    .hasMessage("cannot resume crawl nope: database jdbc:sqlite:" + db.toAbsolutePath()
                            + " does not hold it");
            sink.crawlStarted(crawl("done", STARTED));
            sink.crawlFinished(new CrawlSummary(crawl("done", STARTED), STARTED.plusSeconds(1), StopReason.MAX_PEERS,
                    0, 0, 0, Map.of(), 0));
            assertThatThrownBy(() -> sink.crawlResumed(crawl("done", STARTED))).isInstanceOf(IOException.class)
                    .hasMessage("cannot resume crawl done: it finished (max_peers)");
        }
    }

    @Test
    void theHeartbeatCommitsWhileNoCallComesAndTellsARunningCrawlFromAKilledOne() throws Exception {
        Path db = dir.resolve("crawl.db");
        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            sink.crawlStarted(crawl("run-1", STARTED));
            sink.accept(reachable(1)); // pending: no commit before the heartbeat
            assertThat(Await.until(Duration.ofSeconds(JdbcSink.HEARTBEAT_SECONDS * 3L),
                    () -> rowsQuietly(db, "SELECT COUNT(*) FROM observations") == 1)).as("committed by the heartbeat").isTrue();
            try (CrawlStore store = CrawlStore.sqlite(db)) {
                StoredCrawl c = store.crawls().get(0);
                assertThat(c.heartbeat()).isNotNull();
                assertThat(c.state(Instant.now())).isEqualTo(StoredCrawl.State.RUNNING);
                assertThat(c.state(c.heartbeat().plus(StoredCrawl.KILLED_AFTER).plusSeconds(1)))
                        .isEqualTo(StoredCrawl.State.KILLED);
            }
        }
    }

    @Test
    void keepCrawlsDeletesOlderFinishedCrawlsOfTheNetworkButNotStoppedOnes() throws Exception {
        Path db = dir.resolve("monitor.db");
        try (JdbcSink sink = JdbcSink.sqlite(db).keepCrawls(2)) {
            for (int round = 0; round < 5; round++) {
                CrawlInfo info = crawl("round-" + round, STARTED.plusSeconds(round * 100L));
                sink.crawlStarted(info);
                sink.accept(reachable(round));
                sink.edges(SamplePeers.peerId(round), List.of(SamplePeers.peerId(99)));
                sink.crawlFinished(new CrawlSummary(info, info.started().plusSeconds(50),
                        round == 1 ? StopReason.STOPPED : StopReason.EXHAUSTED, 1, 0, 0, Map.of(), 1));
            }
        }
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(store.crawls()).map(StoredCrawl::crawlId).containsExactly("round-1", "round-3", "round-4");
        }
        assertThat(rows(db, "SELECT COUNT(*) FROM observations")).isEqualTo(3);
        assertThat(rows(db, "SELECT COUNT(*) FROM edges")).isEqualTo(3);
    }

    @Test
    void aVersion1DatabaseIsUpgradedAndItsCrawlsStayReadable() throws Exception {
        Path db = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("INSERT INTO schema_version VALUES (1)");
            s.execute("CREATE TABLE crawls (id TEXT NOT NULL PRIMARY KEY, network TEXT NOT NULL, started TEXT NOT NULL,"
                    + " finished TEXT, settings TEXT NOT NULL, stop_reason TEXT, reachable BIGINT NOT NULL DEFAULT 0,"
                    + " unreachable BIGINT NOT NULL DEFAULT 0, discovered BIGINT NOT NULL DEFAULT 0)");
            s.execute("CREATE TABLE observations (crawl_id TEXT NOT NULL REFERENCES crawls (id), id BIGINT NOT NULL,"
                    + " network TEXT NOT NULL, peer_id TEXT NOT NULL, addresses TEXT NOT NULL, protocols TEXT NOT NULL,"
                    + " agent_version TEXT NOT NULL, status TEXT NOT NULL, error TEXT, latency_ms BIGINT,"
                    + " seen_at TEXT NOT NULL, source TEXT, bitcoin TEXT, neighbours INTEGER, PRIMARY KEY (crawl_id, id))");
            s.execute("CREATE TABLE edges (crawl_id TEXT NOT NULL REFERENCES crawls (id), id BIGINT NOT NULL,"
                    + " from_peer TEXT NOT NULL, to_peer TEXT NOT NULL, PRIMARY KEY (crawl_id, id))");
            s.execute("INSERT INTO crawls (id, network, started, settings) VALUES ('old', 'bitcoin',"
                    + " '2026-11-01T00:00:00.000000000Z', '{}')");
        }
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(store.crawls()).singleElement().satisfies(c -> {
                assertThat(c.heartbeat()).isNull();
                assertThat(c.state(Instant.now())).isEqualTo(StoredCrawl.State.UNFINISHED);
            });
            assertThatThrownBy(() -> store.checkpoint("old")).isInstanceOf(IOException.class)
                    .hasMessageEndingWith("was written by an older peercensus, which kept no journal of queued peers");
        }

        JdbcSink.sqlite(db).close();

        assertThat(rows(db, "SELECT version FROM schema_version")).isEqualTo(2);
        assertThat(rows(db, "SELECT COUNT(*) FROM queued")).isZero();
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(store.crawls()).map(StoredCrawl::crawlId).containsExactly("old");
        }
    }

    private static long rows(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long rowsQuietly(Path db, String sql) {
        try {
            return rows(db, sql);
        } catch (SQLException e) {
            return -1;
        }
    }
}
