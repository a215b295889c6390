package io.peercensus.examples.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.examples.cli.PeercensusCommand;
import io.peercensus.examples.report.SampleCrawls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    Path dir;
    private Path db;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void storeACrawl() throws Exception {
        db = dir.resolve("crawls.db");
        SampleCrawls.store(db, SampleCrawls.bitcoin("c1"));
    }

    private int run(String... args) {
        return PeercensusCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void writesTheGraphToStandardOutput() {
        assertThat(run("export", "--db", db.toString(), "--crawl", "c1", "--format", "csv")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("from,to\r\n1.2.3.4:8333,[2001:db8::1]:8333\r\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void writesTheGraphToAFileAndSaysHowBig() throws Exception {
        Path file = dir.resolve("g.graphml");
        assertThat(run("export", "--db", db.toString(), "--crawl", "c1", "--format", "graphml", "--out", file.toString()))
                .as(err.toString()).isZero();
        assertThat(GraphExportTest.graphMlNodes(GraphExportTest.xml(Files.readString(file, StandardCharsets.UTF_8)))).hasSize(10);
        assertThat(err.toString().lines()).containsExactly("exported 10 nodes (1 unobserved) and 6 edges to " + file);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownCrawlIsOneLineAndStatus2() {
        assertThat(run("export", "--db", db.toString(), "--crawl", "nope", "--format", "dot")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("peercensus: no crawl 'nope' in " + db);
    }

    @Test
    void missingDatabaseIsOneLineAndStatus2() {
        Path missing = dir.resolve("missing.db");
        assertThat(run("export", "--db", missing.toString(), "--crawl", "c1", "--format", "dot")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("peercensus: no such database file: " + missing);
    }

    @Test
    void badFormatIsOneLineAndStatus2() {
        assertThat(run("export", "--db", db.toString(), "--crawl", "c1", "--format", "gexf")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .contains("'gexf' is not a graph format (expected graphml, dot or csv)");
    }

    @Test
    void crawlAndFormatAreRequired() {
        assertThat(run("export", "--db", db.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().contains("Missing required options");
    }
}
