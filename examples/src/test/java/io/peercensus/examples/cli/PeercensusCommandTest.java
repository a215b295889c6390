package io.peercensus.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.sink.JdbcSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeercensusCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PeercensusCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("bitcoin", "dht", "Usage: peercensus");
    }

    @Test
    void commandHelpListsTheCommonOptions() {
        assertThat(run("bitcoin", "--help")).isZero();
        assertThat(out.toString()).contains("--allow-private", "--concurrency", "--timeout", "--duration",
                "--max-peers", "--out", "--db", "--jdbc", "--monitor", "--seed", "--proxy", "--network");
    }

    @Test
    void badOptionIsOneLineAndStatus2() {
        assertThat(run("bitcoin", "--no-such-option")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "peercensus: Unknown option: '--no-such-option' (see 'peercensus --help')");
    }

    @Test
    void badDurationIsOneLineAndStatus2() {
        assertThat(run("bitcoin", "--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .contains("'soon' is not a duration (examples: 500ms, 5s, 10m, 2h)");
    }

    @Test
    void durationsTooLongForTimeArithmeticAreOneLineAndStatus2() {
        assertThat(run("bitcoin", "--network", "regtest", "--seed", "127.0.0.1:1", "--timeout", "106752d")).isEqualTo(2);
        assertThat(run("bitcoin", "--network", "regtest", "--seed", "127.0.0.1:1", "--conversation-timeout", "999999999d"))
                .isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "peercensus: timeout must be at most 1 day, got 106752 days",
                "peercensus: conversation timeout must be at most 4 days, got 999999999 days");
    }

    @Test
    void anOutputFileThatCannotBeOpenedNamesTheReason() {
        assertThat(run("bitcoin", "--network", "regtest", "--seed", "127.0.0.1:1", "--out", "/nonexistent/x.ndjson"))
                .isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "peercensus: cannot open /nonexistent/x.ndjson: no such file or directory");
    }

    @Test
    void resumeNeedsADatabaseAndACrawlInIt(@TempDir Path dir) throws Exception {
        assertThat(run("bitcoin", "--network", "regtest", "--seed", "127.0.0.1:1", "--resume")).isEqualTo(2);
        Path db = dir.resolve("empty.db");
        JdbcSink.sqlite(db).close();
        assertThat(run("bitcoin", "--network", "regtest", "--seed", "127.0.0.1:1", "--resume", "--db", db.toString()))
                .isEqualTo(1);
        assertThat(run("bitcoin", "--network", "regtest", "--seed", "127.0.0.1:1", "--resume", "no-such-crawl", "--db",
                db.toString())).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "peercensus: --resume needs --db or --jdbc: the crawl to resume is read from its database",
                "peercensus: no crawl of bitcoin-regtest to resume in " + db + " (none stopped or unfinished)",
                "peercensus: cannot resume crawl no-such-crawl: database jdbc:sqlite:" + db.toAbsolutePath()
                        + " does not hold it");
    }

    @Test
    void badNetworkIsOneLineAndStatus2() {
        assertThat(run("bitcoin", "--network", "moonnet")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "peercensus: unknown Bitcoin network 'moonnet' (expected mainnet, testnet3, testnet4, signet or regtest)");
    }

    @Test
    void missingCommandIsStatus2() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "peercensus: a command is required: bitcoin, dht, demo, serve, report or export (see 'peercensus --help')");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("500ms")).hasMillis(500);
        assertThat(c.convert("5s")).hasSeconds(5);
        assertThat(c.convert("10m")).hasMinutes(10);
        assertThat(c.convert("2h")).hasHours(2);
    }

    @Test
    void malformedSeedIsOneLineAndStatus2() {
        assertThat(run("bitcoin", "--network", "regtest", "--seed", "1.2.3.4:99999")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .isEqualTo("peercensus: seed '1.2.3.4:99999': port '99999' is out of range 0..65535");
    }

    @Test
    void badProxyIsOneLineAndStatus2() {
        assertThat(run("bitcoin", "--proxy", "nonsense")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().contains("'nonsense' is not host:port");
    }

    @Test
    void regtestWithoutSeedsSaysHowToGiveThem() {
        assertThat(run("bitcoin", "--network", "regtest")).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "peercensus: no seed: bitcoin-regtest has no DNS seeds; give peers with --seed host:port"
                        + " (or CrawlerBuilder.seed)");
    }
}
