package io.peercensus.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercensus.CrawlSummary.StopReason;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.StoredCrawl;
import io.peercensus.testing.Await;
import io.peercensus.testkit.SimulatedBitcoinNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of issue 12: a crawl SIGKILLed at several moments and resumed each time with {@code --resume} ends with
 * the reachable set of an unbroken crawl of the same seeded network, and observes no peer twice.
 */
class CrawlResumeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aCrawlKilledTwiceAndResumedFindsWhatAnUnbrokenCrawlFinds() throws Exception {
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(600).seed(33).start()) {
            String seed = net.seedEndpoints().get(0).canonical();
            Set<String> truth = new HashSet<>();
            net.groundTruth().reachable().forEach(e -> truth.add(e.canonical()));

            Path unbrokenDb = dir.resolve("unbroken.db");
            try (JarProcess whole = JarProcess.start(dir, "unbroken", crawl(seed, unbrokenDb, dir.resolve("unbroken.ndjson")))) {
                assertThat(whole.waitFor(120)).as(whole.stderr()).isZero();
            }
            Set<String> unbroken = reachable(unbrokenDb);
            assertThat(unbroken).as("the unbroken crawl finds every reachable node").isEqualTo(truth);

            Path db = dir.resolve("killed.db");
            Path out = dir.resolve("killed.ndjson");
            List<String> first = new ArrayList<>(List.of(crawl(seed, db, out)));
            killAfter(first, db, 60);
            List<String> resume = new ArrayList<>(first);
            resume.add("--resume");
            killAfter(resume, db, 250);
            try (JarProcess last = JarProcess.start(dir, "resumed", resume.toArray(String[]::new))) {
                assertThat(last.waitFor(120)).as(last.stderr()).isZero();
                assertThat(last.stderr()).contains("peercensus: resuming crawl ");
            }

            try (CrawlStore store = CrawlStore.sqlite(db)) {
                assertThat(store.crawls()).as("one crawl, resumed in place").hasSize(1);
                StoredCrawl crawl = store.crawls().get(0);
                assertThat(crawl.stopReason()).isEqualTo(StopReason.EXHAUSTED);
                assertThat(crawl.state(Instant.now())).isEqualTo(StoredCrawl.State.FINISHED);
                Map<String, Long> times = new HashMap<>();
                try (Stream<Peer> peers = store.observations(crawl.crawlId())) {
                    peers.forEach(p -> times.merge(p.peerID(), 1L, Long::sum));
                }
                assertThat(times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                        .as("peers observed more than once").isEmpty();
                assertThat(crawl.observations()).isEqualTo(times.size());
            }
            assertThat(reachable(db)).as("the resumed crawl's reachable set").isEqualTo(unbroken);
            assertThat(queuedRows(db)).as("the journal is dropped once the crawl finished").isZero();
            for (String line : Files.readString(out, StandardCharsets.UTF_8).lines().toList()) {
                assertThat(JSON.readTree(line).isObject()).as("every NDJSON line whole: %s", line).isTrue();
            }
        }
    }

    private static String[] crawl(String seed, Path db, Path out) {
        return new String[] {"bitcoin", "--seed", seed, "--allow-private", "--waits", "2s/12s/8s",
            "--db", db.toString(), "--out", out.toString()};
    }

    /** Runs the crawl until the database holds at least {@code observations}, then SIGKILLs it. */
    private void killAfter(List<String> args, Path db, long observations) throws Exception {
        try (JarProcess crawl = JarProcess.start(dir, "killed-" + observations, args.toArray(String[]::new))) {
            assertThat(Await.until(Duration.ofSeconds(60), () -> !crawl.process().isAlive() || stored(db) >= observations))
                    .isTrue();
            assertThat(crawl.process().isAlive()).as("still crawling at %d observations; stderr:%n%s", observations,
                    crawl.stderr()).isTrue();
            crawl.process().destroyForcibly(); // SIGKILL
            assertThat(crawl.waitFor(10)).isEqualTo(137);
        }
    }

    private static long stored(Path db) {
        if (!Files.exists(db)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM observations")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            return 0; // the schema is not created yet
        }
    }

    private static long queuedRows(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM queued")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Set<String> reachable(Path db) throws IOException {
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            String id = store.crawls().get(0).crawlId();
            try (Stream<Peer> peers = store.observations(id)) {
                return peers.filter(p -> p.status() == PeerStatus.REACHABLE).map(Peer::peerID).collect(Collectors.toSet());
            }
        }
    }
}
