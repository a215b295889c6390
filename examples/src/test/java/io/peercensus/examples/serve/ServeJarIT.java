package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.PeerJson;
import io.peercensus.sink.StoredCrawl;
import io.peercensus.testkit.SimulatedBitcoinNetwork;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code java -jar peercensus.jar serve --simulate ...} as a user runs it, read with a plain
 * {@link java.net.http.HttpClient}; then SIGTERM, which must end the feed cleanly and leave the crawl committed.
 */
class ServeJarIT {
    private static final Path JAR = Path.of("target", "peercensus.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    @Test
    void servesEveryReachableNodeAsOneJsonLineAndStopsCleanlyOnSigterm() throws Exception {
        assertThat(JAR).as("the shaded jar is built by 'mvn package'").exists();
        Path db = dir.resolve("serve.db");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "serve", "--simulate", "300", "--simulate-seed", "7", "--port", "0", "--crawls", "1",
                "--db", db.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BlockingQueue<String> err = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(err::add);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String first = err.poll(60, TimeUnit.SECONDS);
            assertThat(first).as("first stderr line").isNotNull();
            Matcher m = LISTENING.matcher(first);
            assertThat(m.find()).as(first).isTrue();
            URI base = URI.create(m.group(1));
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> feed = ServeFixture.HTTP.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/peers?recent=1000")).build(), HttpResponse.BodyHandlers.ofLines());
            String done = err.poll(120, TimeUnit.SECONDS);
            assertThat(done).as("the crawl report").isNotNull().containsPattern("crawl [0-9a-f-]+ of bitcoin exhausted after");
            p.destroy(); // SIGTERM: the shutdown hook ends the feed and commits the database
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            List<String> lines = feed.get(30, TimeUnit.SECONDS).body().collect(Collectors.toList());

            List<Peer> peers = new ArrayList<>();
            for (String line : lines) {
                assertThat(ServeFixture.fields(line)).containsEntry("peerID", JsonToken.VALUE_STRING)
                        .containsEntry("addresses", JsonToken.START_ARRAY).containsEntry("protocols", JsonToken.START_ARRAY)
                        .containsEntry("agentVersion", JsonToken.VALUE_STRING).containsKeys("status", "seenAt", "network");
                peers.add(PeerJson.fromJson(line));
            }
            Set<String> reachableHosts = peers.stream().filter(x -> x.status() == PeerStatus.REACHABLE)
                    .map(x -> x.peerID().substring(0, x.peerID().lastIndexOf(':'))).collect(Collectors.toSet());
            assertThat(peers.stream().filter(x -> x.status() == PeerStatus.REACHABLE).count())
                    .as("one line per reachable node").isEqualTo(reachableHosts.size());
            try (SimulatedBitcoinNetwork same = SimulatedBitcoinNetwork.builder().nodes(300).seed(7).start()) {
                Set<String> truth = same.groundTruth().reachable().stream().map(e -> e.address().host()).collect(Collectors.toSet());
                assertThat(reachableHosts).isEqualTo(truth);
            }
            try (CrawlStore store = CrawlStore.sqlite(db)) {
                List<StoredCrawl> crawls = store.crawls();
                assertThat(crawls).singleElement().satisfies(c -> {
                    assertThat(c.isFinished()).isTrue();
                    assertThat(c.observations()).isEqualTo(lines.size());
                    assertThat(c.reachable()).isEqualTo(reachableHosts.size());
                });
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
