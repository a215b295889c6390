package io.peercensus.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.CrawlInfo;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlSummary.StopReason;
import io.peercensus.ErrorClass;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.internal.sink.Rows;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSinkTest {

    @TempDir
    Path dir;

    private static CrawlInfo crawl(String id, Instant started) {
        return new CrawlInfo(id, Network.BITCOIN, started, Map.of("concurrency", "500", "timeout", "5s"));
    }

    private static CrawlSummary summary(CrawlInfo crawl, long reachable, long unreachable, long discovered) {
        return new CrawlSummary(crawl, crawl.started().plusSeconds(600), StopReason.EXHAUSTED, reachable, unreachable,
                discovered, Map.of(ErrorClass.TIMEOUT, unreachable), 0);
    }

    private static List<Edge> edgesOf(int i) {
        return List.of(new Edge(SamplePeers.peerId(i), SamplePeers.peerId(i + 1)),
                new Edge(SamplePeers.peerId(i), SamplePeers.peerId(i * 7 + 3)));
    }

    private static List<Peer> read(CrawlStore store, String crawlId) throws IOException {
        try (Stream<Peer> s = store.observations(crawlId)) {
            return s.toList();
        }
    }

    private static long count(Path db, String crawlId) throws IOException {
        try (CrawlStore store = CrawlStore.sqlite(db); Stream<Peer> s = store.observations(crawlId)) {
            return s.count();
        }
    }

    @Test
    void storesAHundredThousandObservationsAndEdgesThatReadBackEqualAfterReopen() throws IOException {
        Path db = dir.resolve("crawl.db");
        int n = 100_000;
        CrawlInfo crawl = crawl("big", Instant.parse("2026-11-22T18:00:00Z"));
        long reachable = 0;
        long unreachable = 0;
        long edges = 0;

        long writeStart = System.nanoTime();
        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            sink.crawlStarted(crawl);
            for (int i = 0; i < n; i++) {
                Peer p = SamplePeers.generated(i);
                sink.accept(p);
                reachable += p.status() == PeerStatus.REACHABLE ? 1 : 0;
                unreachable += p.status() == PeerStatus.UNREACHABLE ? 1 : 0;
                if (i % 2 == 0) {
                    List<Edge> e = edgesOf(i);
                    sink.edges(e.get(0).from(), e.stream().map(Edge::to).toList());
                    edges += e.size();
                }
            }
            sink.crawlFinished(summary(crawl, reachable, unreachable, n - reachable - unreachable));
        }
        long writeNanos = System.nanoTime() - writeStart;

        long readStart = System.nanoTime();
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(store.crawls()).singleElement().satisfies(c -> {
                assertThat(c.crawlId()).isEqualTo("big");
                assertThat(c.observations()).isEqualTo(n);
                assertThat(c.isFinished()).isTrue();
            });
            int i = 0;
            try (Stream<Peer> peers = store.observations("big")) {
                for (Iterator<Peer> it = peers.iterator(); it.hasNext(); i++) {
                    Peer p = it.next();
                    if (!p.equals(SamplePeers.generated(i))) {
                        assertThat(p).as("observation %d", i).isEqualTo(SamplePeers.generated(i));
                    }
                }
            }
            assertThat(i).isEqualTo(n);
            int j = 0;
            try (Stream<Edge> stored = store.edges("big")) {
                for (Iterator<Edge> it = stored.iterator(); it.hasNext(); j++) {
                    Edge e = it.next();
                    assertThat(e).isEqualTo(edgesOf(j / 2 * 2).get(j % 2));
                }
            }
            assertThat(j).isEqualTo(edges);
        }
        long readNanos = System.nanoTime() - readStart;
        long rows = n + edges;
        System.out.printf("JdbcSink SQLite: wrote %d rows (%d observations, %d edges) in %d ms = %.0f rows/s;"
                + " read back and compared in %d ms = %.0f rows/s%n", rows, n, edges, writeNanos / 1_000_000,
                rows * 1e9 / writeNanos, readNanos / 1_000_000, rows * 1e9 / readNanos);
    }

    @Test
    void closeMidCrawlLeavesEveryAcceptedObservationCommitted() throws IOException {
        Path db = dir.resolve("cut.db");
        int n = 2345; // not a multiple of the batch size
        List<Peer> accepted = new ArrayList<>();
        JdbcSink sink = JdbcSink.sqlite(db);
        sink.crawlStarted(crawl("cut", SamplePeers.SEEN));
        for (int i = 0; i < n; i++) {
            Peer p = SamplePeers.generated(i);
            accepted.add(p);
            sink.accept(p);
        }
        sink.edges(SamplePeers.peerId(0), List.of(SamplePeers.peerId(1)));
        sink.close();

        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(read(store, "cut")).isEqualTo(accepted);
            try (Stream<Edge> e = store.edges("cut")) {
                assertThat(e.toList()).containsExactly(new Edge(SamplePeers.peerId(0), SamplePeers.peerId(1)));
            }
            StoredCrawl c = store.crawl("cut").orElseThrow();
            assertThat(c.isFinished()).isFalse();
            assertThat(c.stopReason()).isNull();
            assertThat(c.reachable()).isEqualTo(accepted.stream().filter(p -> p.status() == PeerStatus.REACHABLE).count());
            assertThat(c.unreachable()).isEqualTo(accepted.stream().filter(p -> p.status() == PeerStatus.UNREACHABLE).count());
            assertThat(c.observations()).isEqualTo(n);
        }
    }

    @Test
    void commitsWhenBatchIsFull() throws IOException {
        Path db = dir.resolve("batch.db");
        try (JdbcSink sink = JdbcSink.open("jdbc:sqlite:" + db, () -> 0L).batchRows(10)) {
            sink.crawlStarted(crawl("b", SamplePeers.SEEN));
            for (int i = 0; i < 9; i++) {
                sink.accept(SamplePeers.generated(i));
            }
            assertThat(count(db, "b")).isZero();
            sink.accept(SamplePeers.generated(9));
            assertThat(count(db, "b")).isEqualTo(10);
        }
    }

    @Test
    void commitsAtTheNextCallOnceTheOldestPendingRowIsOldEnough() throws IOException {
        Path db = dir.resolve("interval.db");
        long[] now = {1_000_000_000L};
        try (JdbcSink sink = JdbcSink.open("jdbc:sqlite:" + db, () -> now[0])) {
            sink.crawlStarted(crawl("t", SamplePeers.SEEN));
            sink.accept(SamplePeers.generated(0));
            now[0] += Duration.ofMillis(499).toNanos();
            sink.accept(SamplePeers.generated(1));
            assertThat(count(db, "t")).isZero();
            now[0] += Duration.ofMillis(1).toNanos();
            sink.accept(SamplePeers.generated(2));
            assertThat(count(db, "t")).isEqualTo(3);
            try (CrawlStore store = CrawlStore.sqlite(db)) {
                assertThat(store.crawl("t").orElseThrow().observations()).isEqualTo(3);
            }
        }
    }

    @Test
    void twoCrawlsInOneDatabaseStayApart() throws IOException {
        Path db = dir.resolve("monitor.db");
        CrawlInfo first = crawl("run-1", Instant.parse("2026-11-22T18:00:00Z"));
        CrawlInfo second = new CrawlInfo("run-2", Network.IPFS, Instant.parse("2026-11-22T19:00:00.5Z"), Map.of());
        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            sink.crawlStarted(first);
            sink.accept(SamplePeers.reachableBitcoin());
            sink.accept(SamplePeers.unreachable());
            sink.edges("1.2.3.4:8333", List.of("5.6.7.8:8333"));
            sink.crawlFinished(summary(first, 1, 1, 0));
            sink.crawlStarted(second);
            sink.accept(SamplePeers.reachableLibp2p());
            sink.crawlFinished(new CrawlSummary(second, Instant.parse("2026-11-22T19:10:00Z"), StopReason.MAX_PEERS, 1, 0, 0,
                    Map.of(), 0));
        }
        try (JdbcSink sink = JdbcSink.sqlite(db)) { // reopened: appends a third crawl
            sink.crawlStarted(crawl("run-3", Instant.parse("2026-11-22T20:00:00Z")));
            sink.accept(SamplePeers.discoveredOnion());
        }

        try (CrawlStore store = CrawlStore.sqlite(db)) {
            List<StoredCrawl> crawls = store.crawls();
            assertThat(crawls).extracting(StoredCrawl::crawlId).containsExactly("run-1", "run-2", "run-3");
            assertThat(crawls.get(0)).usingRecursiveComparison().ignoringFields("heartbeat").isEqualTo(new StoredCrawl("run-1", Network.BITCOIN, first.started(),
                    first.started().plusSeconds(600), first.settings(), StopReason.EXHAUSTED, 1, 1, 0));
            assertThat(crawls.get(1)).usingRecursiveComparison().ignoringFields("heartbeat").isEqualTo(new StoredCrawl("run-2", Network.IPFS, second.started(),
                    Instant.parse("2026-11-22T19:10:00Z"), Map.of(), StopReason.MAX_PEERS, 1, 0, 0));
            assertThat(crawls.get(2).isFinished()).isFalse();
            assertThat(crawls.get(2).discovered()).isOne();
            assertThat(read(store, "run-1")).containsExactly(SamplePeers.reachableBitcoin(), SamplePeers.unreachable());
            assertThat(read(store, "run-2")).containsExactly(SamplePeers.reachableLibp2p());
            assertThat(read(store, "run-3")).containsExactly(SamplePeers.discoveredOnion());
            assertThat(read(store, "no-such-run")).isEmpty();
            try (Stream<Edge> e1 = store.edges("run-1"); Stream<Edge> e2 = store.edges("run-2")) {
                assertThat(e1.toList()).containsExactly(new Edge("1.2.3.4:8333", "5.6.7.8:8333"));
                assertThat(e2.toList()).isEmpty();
            }
        }
    }

    @Test
    void keepsEveryOddCharacterOfTheSamples() throws IOException {
        Path db = dir.resolve("odd.db");
        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            sink.crawlStarted(crawl("odd", SamplePeers.SEEN));
            for (Peer p : SamplePeers.all()) {
                sink.accept(p);
            }
        }
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(read(store, "odd")).isEqualTo(SamplePeers.all());
        }
    }

    @Test
    void refusesANewerSchemaVersion() throws IOException, SQLException {
        Path db = dir.resolve("future.db");
        JdbcSink.sqlite(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE schema_version SET version = 3");
        }

        String expected = "database jdbc:sqlite:" + db.toAbsolutePath() + " has schema version 3, newer than this "
                + "peercensus understands (2); upgrade peercensus to use it";
        assertThatThrownBy(() -> JdbcSink.sqlite(db)).isInstanceOf(IOException.class).hasMessage(expected);
        assertThatThrownBy(() -> CrawlStore.sqlite(db)).isInstanceOf(IOException.class).hasMessage(expected);
    }

    @Test
    void readerRefusesADatabaseWithoutPeercensusData(@TempDir Path other) throws SQLException {
        Path db = other.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE things (x INTEGER)");
        }

        assertThatThrownBy(() -> CrawlStore.sqlite(db)).isInstanceOf(IOException.class)
                .hasMessage("jdbc:sqlite:" + db.toAbsolutePath() + " holds no peercensus data (no schema_version row)");
        assertThatThrownBy(() -> CrawlStore.sqlite(other.resolve("missing.db"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesADuplicateCrawlIdAndObservationsOutsideACrawl() throws IOException {
        Path db = dir.resolve("dup.db");
        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            assertThatThrownBy(() -> sink.accept(SamplePeers.unreachable())).isInstanceOf(IllegalStateException.class)
                    .hasMessage("no crawl started: call crawlStarted before accept or edges");
            sink.crawlStarted(crawl("same", SamplePeers.SEEN));
            sink.crawlFinished(summary(crawl("same", SamplePeers.SEEN), 0, 0, 0));
            assertThatThrownBy(() -> sink.crawlStarted(crawl("same", SamplePeers.SEEN))).isInstanceOf(IOException.class)
                    .hasMessage("cannot record crawl same in database jdbc:sqlite:" + db.toAbsolutePath()
                            + ": the id is already stored")
                    .cause().hasMessageStartingWith("[SQLITE_CONSTRAINT_PRIMARYKEY]");
        }
    }

    @Test
    void aFailedCrawlStartThatIsNoDuplicateGivesTheDatabasesReason() throws IOException, SQLException {
        Path db = dir.resolve("trigger.db");
        JdbcSink.sqlite(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER no_test_runs BEFORE INSERT ON crawls WHEN NEW.id LIKE 'test-%' "
                    + "BEGIN SELECT RAISE(ABORT, 'no test runs here'); END");
        }
        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            assertThatThrownBy(() -> sink.crawlStarted(crawl("test-1", SamplePeers.SEEN))).isInstanceOf(IOException.class)
                    .hasMessage("cannot record crawl test-1 in database jdbc:sqlite:" + db.toAbsolutePath() + ": "
                            + "[SQLITE_CONSTRAINT_TRIGGER] A RAISE function within a trigger fired, causing the SQL "
                            + "statement to abort (no test runs here)");
            sink.crawlStarted(crawl("run-1", SamplePeers.SEEN));
        }
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(store.crawls()).extracting(StoredCrawl::crawlId).containsExactly("run-1");
        }
    }

    @Test
    void nulInCrawlIdAndNetworkNameIsKept() throws IOException {
        Path db = dir.resolve("nul.db");
        CrawlInfo info = new CrawlInfo("run\u0000", Network.of("x\u0000"), SamplePeers.SEEN, Map.of());
        Peer peer = Peer.builder().network(info.network()).peerID("p\u0000").addresses(List.of())
                .status(PeerStatus.DISCOVERED).seenAt(SamplePeers.SEEN).build();
        try (JdbcSink sink = JdbcSink.sqlite(db)) {
            sink.crawlStarted(info);
            sink.accept(peer);
            sink.crawlFinished(new CrawlSummary(info, SamplePeers.SEEN.plusSeconds(1), StopReason.EXHAUSTED, 0, 0, 1,
                    Map.of(), 0));
        }
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            assertThat(store.crawls()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("heartbeat").containsExactly(new StoredCrawl("run\u0000", Network.of("x\u0000"), SamplePeers.SEEN,
                    SamplePeers.SEEN.plusSeconds(1), Map.of(), StopReason.EXHAUSTED, 0, 0, 1));
            assertThat(read(store, "run\u0000")).containsExactly(peer);
            assertThat(read(store, "run\uFFFD")).isEmpty();
        }
    }

    @Test
    void severalSinksOpeningAFreshDatabaseAtOnceAllSucceedAndRecordTheVersionOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            Path db = dir.resolve("race" + round + ".db");
            assertThat(SimultaneousOpens.failures("jdbc:sqlite:" + db, 4)).as("round %d", round).isEmpty();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT COUNT(*), MIN(version) FROM schema_version")) {
                assertThat(r.next()).isTrue();
                assertThat(List.of(r.getInt(1), r.getInt(2))).as("schema_version rows, version").containsExactly(1, 2);
            }
        }
    }

    @Test
    void noDriverForTheUrlIsSaidWithoutShowingTheQuery() {
        String url = "jdbc:nosuchdb://db.example/crawls?user=u&password=hunter2";
        String expected = "cannot open database jdbc:nosuchdb://db.example/crawls?...: "
                + "no JDBC driver on the class path takes this URL";
        assertThatThrownBy(() -> JdbcSink.open(url)).isInstanceOf(IOException.class).hasMessage(expected).hasNoCause();
        assertThatThrownBy(() -> CrawlStore.open(url)).isInstanceOf(IOException.class).hasMessage(expected).hasNoCause();
    }

    @Test
    void textColumnsKeepNulOnlyWhereTheDatabaseCanHoldIt() {
        assertThat(Rows.text("a\u0000b\uD800", true)).isEqualTo("a\u0000b\uFFFD");
        assertThat(Rows.text("a\u0000b\uD800", false)).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(Rows.text(null, false)).isNull();
    }

    @Test
    void timestampsAreFixedWidthSoTheySortInTimeOrder() {
        String whole = Rows.timestamp(Instant.parse("2026-11-22T18:31:00Z"));
        String later = Rows.timestamp(Instant.parse("2026-11-22T18:31:00.5Z"));

        assertThat(whole).isEqualTo("2026-11-22T18:31:00.000000000Z");
        assertThat(later).isEqualTo("2026-11-22T18:31:00.500000000Z");
        assertThat(whole.compareTo(later)).isNegative();
    }
}
