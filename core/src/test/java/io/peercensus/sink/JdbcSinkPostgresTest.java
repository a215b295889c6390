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
import java.io.IOException;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JdbcSink} and {@link CrawlStore} against a real PostgreSQL server ({@link PostgresFixture}): the important
 * cases of {@link JdbcSinkTest}, plus what only PostgreSQL does (no NUL in text, MVCC readers, redacted URLs). One
 * server for the class; every test writes to a database of its own.
 */
class JdbcSinkPostgresTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresFixture pg;

    /** This test's own empty database. */
    private String url;

    @BeforeAll
    static void startServer() throws IOException {
        pg = PostgresFixture.start();
    }

    @AfterAll
    static void stopServer() {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void createDatabase(TestInfo test) throws SQLException {
        String method = test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
        String name = "t" + DATABASES.incrementAndGet() + "_" + method;
        url = pg.createDatabase(name.length() > 63 ? name.substring(0, 63) : name);
    }

    private static CrawlInfo crawl(String id, Instant started) {
        return new CrawlInfo(id, Network.BITCOIN, started, Map.of("concurrency", "500", "timeout", "5s"));
    }

    private static CrawlSummary summary(CrawlInfo crawl, long reachable, long unreachable, long discovered) {
        return new CrawlSummary(crawl, crawl.started().plusSeconds(600), StopReason.EXHAUSTED, reachable, unreachable,
                discovered, Map.of(ErrorClass.TIMEOUT, unreachable), 0);
    }

    /** The edges generated observation {@code i} reports, for even {@code i}. */
    private static List<Edge> edgesOf(int i) {
        return List.of(new Edge(SamplePeers.peerId(i), SamplePeers.peerId(i + 1)),
                new Edge(SamplePeers.peerId(i), SamplePeers.peerId(i * 7 + 3)));
    }

    /**
     * {@code p} as PostgreSQL stores it, per {@link JdbcSink}'s documentation: a NUL in a text column (peer id, agent
     * version, error, source) becomes U+FFFD; the JSON columns (addresses, protocols, bitcoin) keep it. The generated
     * agents decode random bytes, so some hold NUL.
     */
    private static Peer asStored(Peer p) {
        Peer.Builder b = p.toBuilder().peerID(noNul(p.peerID())).agentVersion(noNul(p.agentVersion()))
                .source(p.source() == null ? null : noNul(p.source()));
        if (p.error() != null) {
            b.unreachable(p.error().errorClass(), noNul(p.error().detail()));
        }
        return b.build();
    }

    private static String noNul(String s) {
        return s.replace('\u0000', '\uFFFD');
    }

    private static List<Peer> read(CrawlStore store, String crawlId) throws IOException {
        try (Stream<Peer> s = store.observations(crawlId)) {
            return s.toList();
        }
    }

    private static List<Edge> edges(CrawlStore store, String crawlId) throws IOException {
        try (Stream<Edge> s = store.edges(crawlId)) {
            return s.toList();
        }
    }

    private long count(String crawlId) throws IOException {
        try (CrawlStore store = CrawlStore.open(url); Stream<Peer> s = store.observations(crawlId)) {
            return s.count();
        }
    }

    /** The text of one column of one row, read with plain JDBC. */
    private String column(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).as("a row from %s", sql).isTrue();
            return r.getString(1);
        }
    }

    /** The name of this test's database. */
    private String database() {
        return url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
    }

    /** The state of every backend connected to this test's database (the sink's or store's, when one is open). */
    private List<String> backendStates() throws SQLException {
        List<String> states = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT state FROM pg_stat_activity WHERE datname = '" + database() + "'")) {
            while (r.next()) {
                states.add(r.getString(1));
            }
        }
        return states;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void everyFieldOfTheSamplesRoundTripsWithNulOnlyInTextColumnsReplaced() throws IOException, SQLException {
        try (JdbcSink sink = JdbcSink.open(url)) {
            sink.crawlStarted(crawl("samples", SamplePeers.SEEN));
            for (Peer p : SamplePeers.all()) {
                sink.accept(p);
            }
        }

        // The odd agent version holds a NUL, which a PostgreSQL text column cannot: documented to become U+FFFD.
        Peer bitcoin = SamplePeers.reachableBitcoin();
        List<Peer> expected = new ArrayList<>(SamplePeers.all());
        expected.set(0, bitcoin.toBuilder().agentVersion(bitcoin.agentVersion().replace('\u0000', '\uFFFD')).build());
        try (CrawlStore store = CrawlStore.open(url)) {
            assertThat(read(store, "samples")).isEqualTo(expected);
        }
        assertThat(expected.get(0).agentVersion()).contains("\uFFFD\uFFFD", "\u00e9\uD83D\uDE00", "\n", "\u2028");
        assertThat(SamplePeers.reachableBitcoinOldPeer().bitcoin().services()).isEqualTo(-1L);
        assertThat(column("SELECT bitcoin FROM observations WHERE id = 0"))
                .contains("\"services\":3081,", "\"nonce\":" + Long.toUnsignedString(0x8123_4567_89AB_CDEFL) + ",");
        assertThat(column("SELECT bitcoin FROM observations WHERE id = 1"))
                .contains("\"services\":18446744073709551615,", "\"nonce\":0,");
    }

    @Test
    void nulBecomesReplacementCharacterInTextColumnsAndStaysInJsonColumns() throws IOException {
        String nul = "\u0000";
        CrawlInfo info = new CrawlInfo("nul", Network.IPFS, SamplePeers.SEEN, Map.of("k" + nul, "v" + nul + "\uD800"));
        Peer reachable = Peer.builder().network(Network.IPFS).peerID("peer" + nul + "1")
                .addresses(List.of("/dns4/a" + nul + "b/tcp/4001")).protocols(List.of("/p" + nul + "/1.0.0"))
                .agentVersion("agent" + nul + "\uDC00").status(PeerStatus.REACHABLE).latencyMs(7L).seenAt(SamplePeers.SEEN)
                .source("src" + nul).bitcoin(SamplePeers.bitcoin("raw" + nul)).neighbours(3).build();
        Peer unreachable = Peer.builder().network(Network.IPFS).peerID("peer2").addresses(List.of())
                .unreachable(ErrorClass.TIMEOUT, "got " + nul + " byte").seenAt(SamplePeers.SEEN).build();
        try (JdbcSink sink = JdbcSink.open(url)) {
            sink.crawlStarted(info);
            sink.accept(reachable);
            sink.accept(unreachable);
            sink.edges("from" + nul, List.of("to" + nul, "plain"));
            sink.crawlFinished(new CrawlSummary(info, SamplePeers.SEEN.plusSeconds(1), StopReason.EXHAUSTED, 1, 1, 0,
                    Map.of(), 0));
        }

        String fffd = "\uFFFD";
        try (CrawlStore store = CrawlStore.open(url)) {
            assertThat(read(store, "nul")).containsExactly(
                    reachable.toBuilder().peerID("peer" + fffd + "1").agentVersion("agent" + fffd + fffd)
                            .source("src" + fffd).build(),
                    unreachable.toBuilder().unreachable(ErrorClass.TIMEOUT, "got " + fffd + " byte").build());
            assertThat(read(store, "nul").get(0).bitcoin().userAgentRaw()).isEqualTo("raw" + nul);
            assertThat(edges(store, "nul")).containsExactly(new Edge("from" + fffd, "to" + fffd),
                    new Edge("from" + fffd, "plain"));
            assertThat(store.crawl("nul").orElseThrow().settings()).containsExactly(Map.entry("k" + nul, "v" + nul + fffd));
        }
    }

    @Test
    void twoCrawlsInOneDatabaseStayApart() throws IOException {
        CrawlInfo first = crawl("run-1", Instant.parse("2026-11-22T18:00:00Z"));
        CrawlInfo second = new CrawlInfo("run-2", Network.IPFS, Instant.parse("2026-11-22T19:00:00.5Z"), Map.of());
        Peer unreachable = SamplePeers.unreachable();
        try (JdbcSink sink = JdbcSink.open(url)) {
            sink.crawlStarted(first);
            sink.accept(SamplePeers.reachableBitcoinOldPeer());
            sink.accept(unreachable);
            sink.edges("1.2.3.4:8333", List.of("5.6.7.8:8333"));
            sink.crawlFinished(summary(first, 1, 1, 0));
            sink.crawlStarted(second);
            sink.accept(SamplePeers.reachableLibp2p());
            sink.crawlFinished(new CrawlSummary(second, Instant.parse("2026-11-22T19:10:00Z"), StopReason.MAX_PEERS, 1, 0, 0,
                    Map.of(), 0));
        }
        try (JdbcSink sink = JdbcSink.open(url)) { // reopened: the schema is kept, a third crawl is appended
            sink.crawlStarted(crawl("run-3", Instant.parse("2026-11-22T20:00:00Z")));
            sink.accept(SamplePeers.discoveredOnion());
        }

        try (CrawlStore store = CrawlStore.open(url)) {
            List<StoredCrawl> crawls = store.crawls();
            assertThat(crawls).extracting(StoredCrawl::crawlId).containsExactly("run-1", "run-2", "run-3");
            assertThat(crawls.get(0)).usingRecursiveComparison().ignoringFields("heartbeat").isEqualTo(new StoredCrawl("run-1", Network.BITCOIN, first.started(),
                    first.started().plusSeconds(600), first.settings(), StopReason.EXHAUSTED, 1, 1, 0));
            assertThat(crawls.get(1)).usingRecursiveComparison().ignoringFields("heartbeat").isEqualTo(new StoredCrawl("run-2", Network.IPFS, second.started(),
                    Instant.parse("2026-11-22T19:10:00Z"), Map.of(), StopReason.MAX_PEERS, 1, 0, 0));
            assertThat(crawls.get(2).isFinished()).isFalse();
            assertThat(crawls.get(2).stopReason()).isNull();
            assertThat(crawls.get(2).discovered()).isOne();
            assertThat(store.crawl("run-2")).contains(crawls.get(1));
            assertThat(store.crawl("no-such-run")).isEmpty();
            assertThat(read(store, "run-1")).containsExactly(SamplePeers.reachableBitcoinOldPeer(), unreachable);
            assertThat(read(store, "run-2")).containsExactly(SamplePeers.reachableLibp2p());
            assertThat(read(store, "run-3")).containsExactly(SamplePeers.discoveredOnion());
            assertThat(read(store, "no-such-run")).isEmpty();
            assertThat(edges(store, "run-1")).containsExactly(new Edge("1.2.3.4:8333", "5.6.7.8:8333"));
            assertThat(edges(store, "run-2")).isEmpty();
        }
    }

    @Test
    void crawlsRowHoldsCountsEndAndStopReasonAsDocumented() throws IOException, SQLException {
        CrawlInfo info = crawl("row", Instant.parse("2026-11-22T18:00:00Z"));
        try (JdbcSink sink = JdbcSink.open(url)) {
            sink.crawlStarted(info);
            assertThat(column("SELECT COALESCE(finished, 'null') || ' ' || COALESCE(stop_reason, 'null') || ' '"
                    + " || reachable || ' ' || unreachable || ' ' || discovered FROM crawls")).isEqualTo("null null 0 0 0");
            for (int i = 0; i < 30; i++) {
                sink.accept(SamplePeers.generated(i));
            }
            sink.crawlFinished(new CrawlSummary(info, Instant.parse("2026-11-22T18:10:00.25Z"), StopReason.DURATION, 10, 10,
                    10, Map.of(), 0));
        }

        assertThat(column("SELECT id || ' ' || network || ' ' || started || ' ' || finished || ' ' || settings || ' '"
                + " || stop_reason || ' ' || reachable || ' ' || unreachable || ' ' || discovered FROM crawls"))
                .isEqualTo("row bitcoin 2026-11-22T18:00:00.000000000Z 2026-11-22T18:10:00.250000000Z"
                        + " {\"concurrency\":\"500\",\"timeout\":\"5s\"} duration 10 10 10");
        assertThat(column("SELECT COUNT(*) || ' ' || MIN(id) || ' ' || MAX(id) FROM observations WHERE crawl_id = 'row'"))
                .isEqualTo("30 0 29");
        assertThat(column("SELECT version FROM schema_version")).isEqualTo("2");
    }

    @Test
    void closeMidCrawlLeavesEveryAcceptedObservationCommitted() throws IOException {
        int n = 2345; // not a multiple of the batch size
        List<Peer> accepted = new ArrayList<>();
        JdbcSink sink = JdbcSink.open(url);
        sink.crawlStarted(crawl("cut", SamplePeers.SEEN));
        for (int i = 0; i < n; i++) {
            Peer p = SamplePeers.generated(i);
            accepted.add(asStored(p));
            sink.accept(p);
        }
        sink.edges(SamplePeers.peerId(0), List.of(SamplePeers.peerId(1)));
        sink.close();
        sink.close(); // idempotent

        try (CrawlStore store = CrawlStore.open(url)) {
            assertThat(read(store, "cut")).isEqualTo(accepted);
            assertThat(edges(store, "cut")).containsExactly(new Edge(SamplePeers.peerId(0), SamplePeers.peerId(1)));
            StoredCrawl c = store.crawl("cut").orElseThrow();
            assertThat(c.isFinished()).isFalse();
            assertThat(c.stopReason()).isNull();
            assertThat(c.reachable()).isEqualTo(accepted.stream().filter(p -> p.status() == PeerStatus.REACHABLE).count());
            assertThat(c.unreachable()).isEqualTo(accepted.stream().filter(p -> p.status() == PeerStatus.UNREACHABLE).count());
            assertThat(c.observations()).isEqualTo(n);
        }
        assertThatThrownBy(() -> sink.accept(SamplePeers.unreachable())).isInstanceOf(IllegalStateException.class)
                .hasMessage("JDBC sink for jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + database() + "?... is closed");
    }

    @Test
    void aReaderSeesRowsOnlyOnceTheBatchIsCommitted() throws IOException {
        try (JdbcSink sink = JdbcSink.open(url, () -> 0L).batchRows(10)) {
            sink.crawlStarted(crawl("b", SamplePeers.SEEN));
            for (int i = 0; i < 9; i++) {
                sink.accept(SamplePeers.generated(i));
            }
            assertThat(count("b")).isZero();
            sink.accept(SamplePeers.generated(9));
            assertThat(count("b")).isEqualTo(10);
            try (CrawlStore store = CrawlStore.open(url)) {
                assertThat(store.crawl("b").orElseThrow().observations()).isEqualTo(10);
            }
        }
    }

    @Test
    void commitsAtTheNextCallOnceTheOldestPendingRowIsOldEnough() throws IOException {
        long[] now = {1_000_000_000L};
        try (JdbcSink sink = JdbcSink.open(url, () -> now[0])) {
            sink.crawlStarted(crawl("t", SamplePeers.SEEN));
            sink.accept(SamplePeers.generated(0));
            now[0] += Duration.ofMillis(499).toNanos();
            sink.accept(SamplePeers.generated(1));
            assertThat(count("t")).isZero();
            now[0] += Duration.ofMillis(1).toNanos();
            sink.accept(SamplePeers.generated(2));
            assertThat(count("t")).isEqualTo(3);
        }
    }

    @Test
    void refusesANewerSchemaVersionNamingTheDatabaseWithoutItsQuery() throws IOException, SQLException {
        JdbcSink.open(url).close();
        execute("UPDATE schema_version SET version = 3");

        String database = url.substring(0, url.indexOf('?'));
        String expected = "database " + database + "?... has schema version 3, newer than this peercensus understands (2);"
                + " upgrade peercensus to use it";
        assertThatThrownBy(() -> JdbcSink.open(url)).isInstanceOf(IOException.class).hasMessage(expected);
        assertThatThrownBy(() -> CrawlStore.open(url)).isInstanceOf(IOException.class).hasMessage(expected);
        assertThat(column("SELECT version FROM schema_version")).isEqualTo("3");
    }

    @Test
    void readerRefusesADatabaseWithoutPeercensusDataAndAMissingDatabase() throws SQLException {
        execute("CREATE TABLE things (x INTEGER)");

        String database = url.substring(0, url.indexOf('?'));
        assertThatThrownBy(() -> CrawlStore.open(url)).isInstanceOf(IOException.class)
                .hasMessage(database + "?... holds no peercensus data (no schema_version row)");
        String missing = pg.jdbcUrl("no_such_database");
        assertThatThrownBy(() -> JdbcSink.open(missing)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot open database jdbc:postgresql://127.0.0.1:" + pg.port()
                        + "/no_such_database?...: FATAL: database \"no_such_database\" does not exist");
        assertThatThrownBy(() -> CrawlStore.open(missing)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot open database jdbc:postgresql://127.0.0.1:" + pg.port()
                        + "/no_such_database?...: ");
    }

    @Test
    void refusesADuplicateCrawlIdAndStaysUsable() throws IOException {
        try (JdbcSink sink = JdbcSink.open(url)) {
            assertThatThrownBy(() -> sink.accept(SamplePeers.unreachable())).isInstanceOf(IllegalStateException.class)
                    .hasMessage("no crawl started: call crawlStarted before accept or edges");
            sink.crawlStarted(crawl("same", SamplePeers.SEEN));
            sink.accept(SamplePeers.discoveredOnion());
            sink.crawlFinished(summary(crawl("same", SamplePeers.SEEN), 0, 0, 1));
            assertThatThrownBy(() -> sink.crawlStarted(crawl("same", SamplePeers.SEEN))).isInstanceOf(IOException.class)
                    .hasMessage("cannot record crawl same in database " + url.substring(0, url.indexOf('?'))
                            + "?...: the id is already stored")
                    .cause().hasMessageStartingWith("ERROR: duplicate key value violates unique constraint");
            // The failed INSERT aborted PostgreSQL's transaction; the sink rolled it back and goes on.
            sink.crawlStarted(crawl("next", SamplePeers.SEEN));
            sink.accept(SamplePeers.unreachable());
        }
        try (CrawlStore store = CrawlStore.open(url)) {
            assertThat(store.crawls()).extracting(StoredCrawl::crawlId).containsExactly("next", "same");
            assertThat(read(store, "same")).containsExactly(SamplePeers.discoveredOnion());
            assertThat(read(store, "next")).containsExactly(SamplePeers.unreachable());
        }
    }

    @Test
    void observationStreamReadsRowsLazily() throws IOException, SQLException {
        try (JdbcSink sink = JdbcSink.open(url)) {
            sink.crawlStarted(crawl("lazy", SamplePeers.SEEN));
            for (int i = 0; i < 5000; i++) {
                sink.accept(SamplePeers.generated(i));
            }
        }
        try (CrawlStore store = CrawlStore.open(url); Stream<Peer> s = store.observations("lazy")) {
            Iterator<Peer> it = s.iterator();
            assertThat(it.next()).isEqualTo(asStored(SamplePeers.generated(0)));
            // pgjdbc honours the fetch size only outside auto-commit: its cursor keeps the transaction open mid-stream.
            assertThat(backendStates()).as("reader backend states mid-stream").containsExactly("idle in transaction");
            int n = 1;
            for (; it.hasNext(); n++) {
                it.next();
            }
            assertThat(n).isEqualTo(5000);
        }
    }

    @Test
    void readTransactionEndsWhenTheLastOpenStreamCloses() throws IOException, SQLException {
        try (JdbcSink sink = JdbcSink.open(url)) {
            sink.crawlStarted(crawl("two", SamplePeers.SEEN));
            sink.accept(SamplePeers.unreachable());
            sink.edges("a", List.of("b"));
        }
        try (CrawlStore store = CrawlStore.open(url)) {
            assertThat(backendStates()).containsExactly("idle");
            Stream<Peer> peers = store.observations("two");
            Stream<Edge> edges = store.edges("two");
            assertThat(edges.iterator().next()).isEqualTo(new Edge("a", "b"));
            assertThat(store.crawls()).singleElement().extracting(StoredCrawl::unreachable).isEqualTo(1L);
            peers.close();
            assertThat(backendStates()).as("one stream still open").containsExactly("idle in transaction");
            edges.close();
            assertThat(backendStates()).as("every stream closed").containsExactly("idle");
            assertThat(read(store, "two")).containsExactly(SamplePeers.unreachable());
            assertThat(backendStates()).containsExactly("idle");
        }
    }

    @Test
    void connectionFailureWithTheDriverPresentDoesNotAskToAddIt() {
        assertThatThrownBy(() -> JdbcSink.open(pg.jdbcUrl("no_such_database"))).isInstanceOf(IOException.class)
                .hasMessage("cannot open database jdbc:postgresql://127.0.0.1:" + pg.port() + "/no_such_database?...: "
                        + "FATAL: database \"no_such_database\" does not exist");
    }

    @Test
    void namesTheDriverToAddWhenNoDriverTakesAPostgresUrlWithoutShowingTheQuery() throws SQLException {
        String secret = url + "&password=hunter2";
        String expected = "cannot open database jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + database()
                + "?...: no JDBC driver on the class path takes this URL (add org.postgresql:postgresql to the classpath)";
        org.postgresql.Driver.deregister();
        try {
            assertThatThrownBy(() -> JdbcSink.open(secret)).isInstanceOf(IOException.class).hasMessage(expected).hasNoCause();
            assertThatThrownBy(() -> CrawlStore.open(secret)).isInstanceOf(IOException.class).hasMessage(expected);
        } finally {
            org.postgresql.Driver.register();
        }
    }

    @Test
    void nulInCrawlIdIsStoredAsReplacementCharacterAndTheGivenIdStillFindsTheCrawl() throws IOException, SQLException {
        CrawlInfo info = crawl("run\u0000", SamplePeers.SEEN);
        try (JdbcSink sink = JdbcSink.open(url)) {
            sink.crawlStarted(info);
            sink.accept(SamplePeers.unreachable());
            sink.edges("a", List.of("b"));
            sink.crawlFinished(summary(info, 0, 1, 0));
        }

        assertThat(column("SELECT id FROM crawls")).isEqualTo("run\uFFFD");
        try (CrawlStore store = CrawlStore.open(url)) {
            StoredCrawl stored = store.crawl("run\u0000").orElseThrow();
            assertThat(stored.crawlId()).isEqualTo("run\uFFFD");
            assertThat(stored.isFinished()).isTrue();
            assertThat(stored.unreachable()).isOne();
            assertThat(read(store, "run\u0000")).containsExactly(SamplePeers.unreachable());
            assertThat(edges(store, "run\u0000")).containsExactly(new Edge("a", "b"));
            assertThat(read(store, "run\uFFFD")).containsExactly(SamplePeers.unreachable());
        }
    }

    @Test
    void nulInNetworkNameIsStoredAsReplacementCharacter() throws IOException {
        Network odd = Network.of("x\u0000");
        Peer peer = Peer.builder().network(odd).peerID("p").addresses(List.of()).status(PeerStatus.DISCOVERED)
                .seenAt(SamplePeers.SEEN).build();
        try (JdbcSink sink = JdbcSink.open(url)) {
            sink.crawlStarted(new CrawlInfo("run", odd, SamplePeers.SEEN, Map.of()));
            sink.accept(peer);
        }
        try (CrawlStore store = CrawlStore.open(url)) {
            assertThat(store.crawl("run").orElseThrow().network()).isEqualTo(Network.of("x\uFFFD"));
            assertThat(read(store, "run")).containsExactly(peer.toBuilder().network(Network.of("x\uFFFD")).build());
        }
    }

    @Test
    void aFailedCrawlStartThatIsNoDuplicateGivesTheDatabasesReason() throws IOException, SQLException {
        JdbcSink.open(url).close();
        execute("ALTER TABLE crawls ADD CONSTRAINT no_test_runs CHECK (id NOT LIKE 'test-%')");
        try (JdbcSink sink = JdbcSink.open(url)) {
            assertThatThrownBy(() -> sink.crawlStarted(crawl("test-1", SamplePeers.SEEN))).isInstanceOf(IOException.class)
                    .hasMessage("cannot record crawl test-1 in database " + url.substring(0, url.indexOf('?')) + "?...: "
                            + "ERROR: new row for relation \"crawls\" violates check constraint \"no_test_runs\"\n"
                            + "  Detail: Failing row contains (test-1, bitcoin, 2026-11-22T18:31:00.123000000Z, null, "
                            + "{\"concurrency\":\"500\",\"timeout\":\"5s\"}, null, 0, 0, 0, null).");
            sink.crawlStarted(crawl("run-1", SamplePeers.SEEN));
        }
        assertThat(column("SELECT string_agg(id, ',') FROM crawls")).isEqualTo("run-1");
    }

    @Test
    void severalSinksOpeningAFreshDatabaseAtOnceAllSucceedAndRecordTheVersionOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            url = pg.createDatabase("race" + DATABASES.incrementAndGet());
            assertThat(SimultaneousOpens.failures(url, 4)).as("round %d", round).isEmpty();
            assertThat(column("SELECT COUNT(*) || ' ' || MIN(version) FROM schema_version")).isEqualTo("1 2");
        }
    }

    @ParameterizedTest(name = "url suffix \"{0}\"")
    @ValueSource(strings = {"", "&reWriteBatchedInserts=true"})
    void storesTwentyThousandObservationsAndEdgesThatReadBackEqual(String urlSuffix) throws IOException {
        String target = url + urlSuffix;
        int n = 20_000;
        CrawlInfo crawl = crawl("big", Instant.parse("2026-11-22T18:00:00Z"));
        long reachable = 0;
        long unreachable = 0;
        long edges = 0;

        long writeStart = System.nanoTime();
        try (JdbcSink sink = JdbcSink.open(target)) {
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
        try (CrawlStore store = CrawlStore.open(target)) {
            assertThat(store.crawls()).singleElement().usingRecursiveComparison().ignoringFields("heartbeat").isEqualTo(new StoredCrawl("big", Network.BITCOIN, crawl.started(),
                    crawl.started().plusSeconds(600), crawl.settings(), StopReason.EXHAUSTED, reachable, unreachable,
                    n - reachable - unreachable));
            int i = 0;
            int nul = 0;
            try (Stream<Peer> peers = store.observations("big")) {
                for (Iterator<Peer> it = peers.iterator(); it.hasNext(); i++) {
                    Peer p = it.next();
                    Peer expected = asStored(SamplePeers.generated(i));
                    if (!p.equals(expected)) {
                        assertThat(p).as("observation %d", i).isEqualTo(expected);
                    }
                    nul += SamplePeers.generated(i).agentVersion().contains("\u0000") ? 1 : 0;
                }
            }
            assertThat(i).isEqualTo(n);
            assertThat(nul).as("generated agents holding NUL").isPositive();
            int j = 0;
            try (Stream<Edge> stored = store.edges("big")) {
                for (Iterator<Edge> it = stored.iterator(); it.hasNext(); j++) {
                    assertThat(it.next()).as("edge %d", j).isEqualTo(edgesOf(j / 2 * 2).get(j % 2));
                }
            }
            assertThat(j).isEqualTo(edges);
        }
        long readNanos = System.nanoTime() - readStart;
        long rows = n + edges;
        System.out.printf("JdbcSink PostgreSQL%s: wrote %d rows (%d observations, %d edges) in %d ms = %.0f rows/s;"
                + " read back and compared in %d ms = %.0f rows/s%n", urlSuffix.isEmpty() ? "" : " (" + urlSuffix.substring(1) + ")",
                rows, n, edges, writeNanos / 1_000_000, rows * 1e9 / writeNanos, readNanos / 1_000_000, rows * 1e9 / readNanos);
    }
}
