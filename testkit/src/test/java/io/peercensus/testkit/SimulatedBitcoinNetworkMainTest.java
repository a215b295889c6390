package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.address.Endpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedBitcoinNetworkMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimulatedBitcoinNetworkMain.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheSeedAndReadyThenStopsWhenStdinCloses(@TempDir Path dir) throws IOException {
        Path truth = dir.resolve("truth.tsv");
        int status = run("--nodes", "40", "--seed", "3", "--network", "regtest", "--dead", "0.25", "--truth", truth.toString());
        assertThat(status).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("seed 127.");
        Endpoint.parse(lines.get(0).substring("seed ".length()));
        assertThat(lines.get(1)).startsWith("truth nodes=40 reachable=").contains(" network=regtest ");
        assertThat(lines.get(2)).isEqualTo("ready");
        List<String> rows = Files.readAllLines(truth);
        assertThat(rows).hasSize(41);
        assertThat(rows.get(0)).startsWith("endpoint\tkind\tversion");
        assertThat(rows.get(1)).startsWith(lines.get(0).substring("seed ".length()) + "\tREACHABLE\t70016\t");
        assertThat(rows.stream().filter(r -> r.contains("\tDEAD\t"))).hasSize(10);
    }

    @Test
    void theMixAppliesFirstWhereverItStandsAndTheTruthStatesAnswerDelays(@TempDir Path dir) throws IOException {
        Path truth = dir.resolve("truth.tsv");
        int status = run("--nodes", "40", "--seed", "3", "--latency-ms", "7", "--trickle", "0.25", "--mix", "classic",
                "--truth", truth.toString());
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> rows = Files.readAllLines(truth);
        assertThat(rows.get(0)).endsWith("\tannounces\thandshakes\tanswerDelayMs\tadvertisedOthers");
        assertThat(rows.get(1)).contains("\tREACHABLE\t").containsPattern("\ttrue\t107\t\\d+$"); // 7 ms latency + 100 ms
        assertThat(rows.stream().filter(r -> r.contains("\tTRICKLE\t"))).hasSize(10);
        assertThat(rows.stream().filter(r -> r.contains("\tGOSSIP_FIRST\t"))).isEmpty(); // classic: none
        assertThat(rows.stream().filter(r -> r.contains("\tDEAD\t"))).allMatch(r -> r.endsWith("\tfalse\t\t0"));
    }

    @Test
    void rejectsBadArgumentsWithStatusTwo() {
        assertThat(run("--nodes")).isEqualTo(2);
        assertThat(run("--colour", "red")).isEqualTo(2);
        assertThat(run("--nodes", "many")).isEqualTo(2);
        assertThat(run("--dead", "2")).isEqualTo(2);
        assertThat(run("--mix", "modern")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "SimulatedBitcoinNetworkMain: option --nodes needs a value",
                "SimulatedBitcoinNetworkMain: unknown option --colour",
                "SimulatedBitcoinNetworkMain: For input string: \"many\"",
                "SimulatedBitcoinNetworkMain: DEAD must be between 0 and 1, got 2.0",
                "SimulatedBitcoinNetworkMain: --mix must be realistic or classic, got modern");
        assertThat(out.size()).isZero();
    }
}
