package io.peercensus.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercensus.CrawlInfo;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlSummary.StopReason;
import io.peercensus.Network;
import io.peercensus.examples.cli.PeercensusCommand;
import io.peercensus.sink.JdbcSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;
    private Path db;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void storeTwoCrawls() throws Exception {
        db = dir.resolve("crawls.db");
        SampleCrawls.store(db, new SampleCrawls.Crawl("old", Network.BITCOIN, SampleCrawls.T0.minusSeconds(3600),
                List.of(SampleCrawls.discovered("1.1.1.1:8333")), Map.of()), SampleCrawls.bitcoin("new"));
    }

    private int run(String... args) {
        return PeercensusCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void reportsTheLatestCrawlAsTextByDefault() {
        assertThat(run("report", "--db", db.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("crawl new of bitcoin, started 2025-01-02T03:04:05Z, finished"
                + " 2025-01-02T03:14:05Z (exhausted)\n").contains("peers                  9\n",
                "  reachable            4   44.4%\n", "\nnetwork types (all peers)\n", "         1  CJDNS\n",
                "evil\\u0000\"<script>&\\u000a\\u2028");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void reportsAChosenCrawlAsJsonIntoAFile() throws Exception {
        Path file = dir.resolve("old.json");
        assertThat(run("report", "--db", db.toString(), "--crawl", "old", "--format", "json", "--out", file.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(json.at("/crawl/id").asText()).isEqualTo("old");
        assertThat(json.at("/totals/discovered").asLong()).isEqualTo(1);
        assertThat(json.at("/totals/peers").asLong()).isEqualTo(1);
    }

    @Test
    void listsTheStoredCrawls() {
        assertThat(run("report", "--db", db.toString(), "--list")).isZero();
        assertThat(out.toString().lines()).hasSize(2).first().asString().startsWith("old  bitcoin");
    }

    @Test
    void theListTellsFinishedStoppedRunningAndKilledCrawlsApart() throws Exception {
        Path states = dir.resolve("states.db");
        Instant started = Instant.parse("2026-12-01T10:00:00Z");
        try (JdbcSink sink = JdbcSink.sqlite(states)) {
            for (String id : List.of("a-finished", "b-stopped", "c-running", "d-killed")) {
                CrawlInfo info = new CrawlInfo(id, Network.BITCOIN, started.plusSeconds(id.charAt(0)), Map.of());
                sink.crawlStarted(info);
                if (id.equals("a-finished") || id.equals("b-stopped")) {
                    sink.crawlFinished(new CrawlSummary(info, info.started().plusSeconds(60),
                            id.equals("a-finished") ? StopReason.EXHAUSTED : StopReason.STOPPED, 0, 0, 0, Map.of(), 0));
                }
            }
        }
        // the running crawl's heartbeat is the one its start recorded; the killed one's stopped long ago
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + states); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE crawls SET heartbeat = '2026-12-01T10:05:00.000000000Z' WHERE id = 'd-killed'");
        }

        assertThat(run("report", "--db", states.toString(), "--list")).isZero();

        assertThat(out.toString().lines().map(l -> l.split("\\s{2,}")[3]).toList())
                .containsExactly("finished (exhausted)", "stopped", "running", "killed");
    }

    @Test
    void missingDatabaseFileIsOneLineAndStatus2() {
        Path missing = dir.resolve("nope.db");
        assertThat(run("report", "--db", missing.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("peercensus: no such database file: " + missing);
        assertThat(Files.exists(missing)).as("never created").isFalse();
    }

    @Test
    void fileThatIsNoDatabaseIsOneLineAndStatus2() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThat(run("report", "--db", text.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("peercensus: " + text + " is not a readable peercensus database: ");
    }

    @Test
    void unknownCrawlIdIsOneLineAndStatus2() {
        assertThat(run("report", "--db", db.toString(), "--crawl", "c99")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("peercensus: no crawl 'c99' in " + db
                + " (2 crawls stored; list them with 'report --db " + db + " --list')");
    }

    @Test
    void unknownCrawlIdInACompareIsStatus2() {
        assertThat(run("report", "--db", db.toString(), "--compare", "old", "c99")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("peercensus: no crawl 'c99' in ");
    }

    @Test
    void badFormatIsOneLineAndStatus2() {
        assertThat(run("report", "--db", db.toString(), "--format", "pdf")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .contains("'pdf' is not a report format (expected text, json or html)")
                .endsWith("(see 'peercensus --help')");
    }

    @Test
    void crawlWithCompareIsStatus2() {
        assertThat(run("report", "--db", db.toString(), "--crawl", "old", "--compare", "old", "new")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "peercensus: --crawl and --compare do not go together: --compare names both crawls");
    }

    @Test
    void missingDbOptionIsStatus2() {
        assertThat(run("report")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().contains("Missing required option: '--db=FILE'");
    }

    @Test
    void compareNeedsTwoCrawlIds() {
        assertThat(run("report", "--db", db.toString(), "--compare", "old")).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void compareAsJsonListsTheChanges() throws Exception {
        assertThat(run("report", "--db", db.toString(), "--compare", "old", "new", "--format", "json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.at("/present").asText()).isEqualTo("reachable");
        assertThat(json.at("/appeared")).extracting(JsonNode::asText)
                .containsExactly("1.2.3.4:8333", "4.4.4.4:8333", "[2001:db8::1]:8333", "[fc00::1]:8333");
        assertThat(json.at("/disappeared")).isEmpty();
    }

    @Test
    void outputIntoAMissingDirectoryIsStatus2() {
        Path file = dir.resolve("no/such/dir/r.html");
        assertThat(run("report", "--db", db.toString(), "--format", "html", "--out", file.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("peercensus: cannot write " + file);
    }
}
