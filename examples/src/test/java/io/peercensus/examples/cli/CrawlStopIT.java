package io.peercensus.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercensus.CrawlSummary.StopReason;
import io.peercensus.Peer;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.StoredCrawl;
import io.peercensus.testing.Await;
import io.peercensus.testkit.SimulatedBitcoinNetwork;
import io.peercensus.testkit.SimulatedDhtNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of issue 12: SIGTERM ends a crawl command within 3 s with status 143, every line of its NDJSON output
 * whole, its database crawl marked stopped with every observation counted, and the summary printed. Each command
 * crawls a simulated network whose slow and silent nodes keep it busy for far longer than the test waits.
 */
class CrawlStopIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sigtermStopsABitcoinCrawlGracefully() throws Exception {
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(400).seed(21).start()) {
            stopsGracefully("bitcoin", "bitcoin", "--seed", net.seedEndpoints().get(0).canonical());
        }
    }

    @Test
    void sigtermStopsADhtCrawlGracefully() throws Exception {
        try (SimulatedDhtNetwork net = SimulatedDhtNetwork.builder().nodes(200).seed(21).start()) {
            stopsGracefully("ipfs", "dht", "--bootstrap", net.bootstrap(), "--protocol", net.protocolId());
        }
    }

    @Test
    void aReaderThatGoesAwayEndsTheCommandWithStatus1AndOneLine() throws Exception {
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(400).seed(22).start()) {
            Path err = dir.resolve("head.err");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    Path.of("target", "peercensus.jar").toString(), "bitcoin", "--seed",
                    net.seedEndpoints().get(0).canonical(), "--allow-private")
                    .redirectError(err.toFile()).start();
            try {
                // as `| head -1`: read one line, then go away
                java.io.BufferedReader out = new java.io.BufferedReader(
                        new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                assertThat(JSON.readTree(out.readLine()).isObject()).isTrue();
                out.close();
                assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("ends once stdout is gone").isTrue();
                assertThat(p.exitValue()).isEqualTo(1);
                assertThat(Files.readString(err, StandardCharsets.UTF_8).lines()
                        .filter(l -> l.startsWith("peercensus: ")).toList())
                        .singleElement().asString().startsWith("peercensus: sink failed: cannot write to standard output: ");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private void stopsGracefully(String network, String... command) throws Exception {
        Path out = dir.resolve("peers.ndjson");
        Path db = dir.resolve("crawl.db");
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--allow-private", "--concurrency", "50", "--out", out.toString(), "--db", db.toString()));
        try (JarProcess crawl = JarProcess.start(dir, network, args.toArray(String[]::new))) {
            assertThat(Await.until(Duration.ofSeconds(60), () -> lines(out) >= 20))
                    .as("20 observations written").isTrue();
            assertThat(crawl.process().isAlive()).as("the crawl is still under way when it is stopped").isTrue();

            long start = System.nanoTime();
            crawl.process().destroy(); // SIGTERM
            int status = crawl.waitFor(3);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("%s stopped in %d ms after SIGTERM%n", network, tookMs);

            assertThat(status).as("exit status within 3 s (took %d ms); stderr:%n%s", tookMs, crawl.stderr()).isEqualTo(143);
            String ndjson = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(ndjson).endsWith("\n");
            List<String> lines = ndjson.lines().toList();
            for (String line : lines) {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                assertThat(node.get("network").asText()).isEqualTo(network);
            }
            try (CrawlStore store = CrawlStore.sqlite(db)) {
                StoredCrawl stored = store.crawls().get(0);
                assertThat(store.crawls()).hasSize(1);
                assertThat(stored.stopReason()).isEqualTo(StopReason.STOPPED);
                assertThat(stored.state(Instant.now())).isEqualTo(StoredCrawl.State.STOPPED);
                long observations;
                try (Stream<Peer> peers = store.observations(stored.crawlId())) {
                    observations = peers.count();
                }
                assertThat(observations).as("every observation is in the database and counted")
                        .isEqualTo(stored.observations()).isEqualTo(lines.size());
                assertThat(crawl.stderr()).contains("SIGTERM: stopping")
                        .containsPattern("crawl " + stored.crawlId() + " of " + network + " stopped after [0-9.]+ s: "
                                + stored.reachable() + " reachable");
            }
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).lines().count() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
