package io.peercensus.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.CrawlInfo;
import io.peercensus.Network;
import io.peercensus.Peer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fails on purpose: each test shows a bug in core's main code found while testing on PostgreSQL (see the report
 * for branch wip/pgtest). Move each test into {@link JdbcSinkPostgresTest} once its bug is fixed.
 */
class JdbcSinkPostgresFindingsTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresFixture pg;
    private String url;

    @BeforeAll
    static void startServer() throws IOException {
        pg = PostgresFixture.start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @BeforeEach
    void createDatabase() throws SQLException {
        url = pg.createDatabase("f" + DATABASES.incrementAndGet());
    }

    @Test
    void observationStreamReadsRowsLazily() throws Exception {
        try (JdbcSink sink = JdbcSink.open(url)) {
            sink.crawlStarted(new CrawlInfo("lazy", Network.BITCOIN, SamplePeers.SEEN, Map.of()));
            for (int i = 0; i < 5000; i++) {
                sink.accept(SamplePeers.generated(i));
            }
        }
        try (CrawlStore store = CrawlStore.open(url); Stream<Peer> s = store.observations("lazy")) {
            Iterator<Peer> it = s.iterator();
            it.next();
            String db = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement();
                    ResultSet r = st.executeQuery("SELECT state FROM pg_stat_activity WHERE datname = '" + db + "'")) {
                List<String> states = new ArrayList<>();
                while (r.next()) {
                    states.add(r.getString(1));
                }
                // A cursor (fetch size honoured) keeps the reader's transaction open mid-stream.
                assertThat(states).as("reader backend states mid-stream").containsExactly("idle in transaction");
            }
        }
    }

    @Test
    void connectionFailureWithTheDriverPresentDoesNotAskToAddIt() {
        assertThatThrownBy(() -> JdbcSink.open(pg.jdbcUrl("no_such_database"))).isInstanceOf(IOException.class)
                .hasMessage("cannot open database jdbc:postgresql://127.0.0.1:" + pg.port() + "/no_such_database?...: "
                        + "FATAL: database \"no_such_database\" does not exist");
    }

    @Test
    void nulInCrawlIdDoesNotFailTheCrawl() throws IOException {
        try (JdbcSink sink = JdbcSink.open(url)) {
            assertThatCode(() -> sink.crawlStarted(new CrawlInfo("run\u0000", Network.BITCOIN, SamplePeers.SEEN, Map.of())))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void nulInNetworkNameDoesNotFailTheCrawl() throws IOException {
        try (JdbcSink sink = JdbcSink.open(url)) {
            assertThatCode(() -> sink.crawlStarted(new CrawlInfo("run", Network.of("x\u0000"), SamplePeers.SEEN, Map.of())))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void twoSinksOpeningAFreshDatabaseAtOnceBothSucceed() throws Exception {
        int rounds = 10;
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < rounds; round++) {
                String fresh = pg.createDatabase("race" + DATABASES.incrementAndGet());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> opens = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    opens.add(pool.submit(() -> {
                        go.await();
                        JdbcSink.open(fresh).close();
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : opens) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause().getMessage());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
    }
}
