package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.dht.multiformats.Multiaddr;
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

class SimulatedDhtNetworkMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimulatedDhtNetworkMain.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheBootstrapAndReadyThenStopsWhenStdinCloses(@TempDir Path dir) throws IOException {
        Path truth = dir.resolve("truth.tsv");
        Path edges = dir.resolve("edges.tsv");
        int status = run("--nodes", "40", "--seed", "3", "--dead", "0.25", "--rsa", "0", "--protocol", "/ipfs/lan/kad/1.0.0",
                "--truth", truth.toString(), "--edges", edges.toString());
        assertThat(status).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("bootstrap /ip4/127.");
        Multiaddr bootstrap = Multiaddr.parse(lines.get(0).substring("bootstrap ".length()));
        assertThat(lines.get(1)).startsWith("truth nodes=40 dialable=").contains(" protocol=/ipfs/lan/kad/1.0.0 ");
        assertThat(lines.get(2)).isEqualTo("ready");
        List<String> rows = Files.readAllLines(truth);
        assertThat(rows).hasSize(41);
        assertThat(rows.get(0)).startsWith("peerId\tkind\tkeyType\tlistenAddr");
        assertThat(bootstrap.toString()).isEqualTo(rows.get(1).split("\t")[3] + "/p2p/" + rows.get(1).split("\t")[0]);
        assertThat(rows.get(1).split("\t")[1]).isEqualTo("DIALABLE");
        assertThat(rows.stream().filter(r -> r.contains("\tDEAD\t"))).hasSize(10);
        long tableSizes = rows.stream().skip(1).mapToLong(r -> Long.parseLong(r.split("\t")[6])).sum();
        assertThat(Files.readAllLines(edges)).hasSize((int) tableSizes + 1);
        assertThat(lines.get(1)).contains(" edges=" + tableSizes + " ");
    }

    @Test
    void rejectsBadArgumentsWithStatusTwo() {
        assertThat(run("--nodes")).isEqualTo(2);
        assertThat(run("--colour", "red")).isEqualTo(2);
        assertThat(run("--nodes", "many")).isEqualTo(2);
        assertThat(run("--dead", "2")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "SimulatedDhtNetworkMain: option --nodes needs a value",
                "SimulatedDhtNetworkMain: unknown option --colour",
                "SimulatedDhtNetworkMain: For input string: \"many\"",
                "SimulatedDhtNetworkMain: deadFraction must be between 0 and 1, got 2.0");
        assertThat(out.size()).isZero();
    }
}
