package io.peercensus.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

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
                .isEqualTo("peercensus: seed '1.2.3.4:99999': port '99999' is out of range 0..65535;"
                        + " give peers with --seed host:port (or CrawlerBuilder.seed)");
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
