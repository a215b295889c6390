package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.examples.cli.PeercensusCommand;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.PeerJson;
import io.peercensus.sink.StoredCrawl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrape service in this JVM against a simulated network: the feed, its filters, the JSON routes, errors. */
class ScrapeServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void feedCarriesEveryObservationInCrawlOrderAndEndsCleanlyOnClose() throws Exception {
        Path db = dir.resolve("crawls.db");
        List<String> lines;
        String crawlId;
        try (ServeFixture f = ServeFixture.bind(200, 3, db, b -> b.maxCrawls(1))) {
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> all = ServeFixture.HTTP.sendAsync(
                    HttpRequest.newBuilder(f.uri("/peers")).build(), HttpResponse.BodyHandlers.ofLines());
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> reachable = ServeFixture.HTTP.sendAsync(
                    HttpRequest.newBuilder(f.uri("/peers?status=reachable&network=bitcoin")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(f.service.feed().awaitSubscribers(2, Duration.ofSeconds(10))).isTrue();
            f.crawlOnce();
            crawlId = JSON.readTree(f.get("/stats").body()).at("/networks/0/latest/crawlId").asText();
            f.service.close(); // ends both feeds cleanly: the line streams below end instead of failing
            HttpResponse<java.util.stream.Stream<String>> r = all.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
            lines = r.body().collect(Collectors.toList());
            List<String> onlyReachable = reachable.get().body().collect(Collectors.toList());
            assertThat(onlyReachable).isNotEmpty().allSatisfy(l -> assertThat(PeerJson.fromJson(l).status()).isEqualTo(PeerStatus.REACHABLE));
            assertThat(onlyReachable).isEqualTo(lines.stream().filter(l -> l.contains("\"status\":\"reachable\"")).toList());
        }
        try (CrawlStore store = CrawlStore.sqlite(db); var stored = store.observations(crawlId)) {
            List<String> expected = stored.map(PeerJson::toJson).toList();
            assertThat(lines).hasSize(expected.size()).isEqualTo(expected);
            assertThat(store.crawl(crawlId)).get().extracting(StoredCrawl::isFinished).isEqualTo(true);
        }
    }

    @Test
    void crawlsStatsAndStoredPeersAgreeWithTheDatabase() throws Exception {
        Path db = dir.resolve("crawls.db");
        try (ServeFixture f = ServeFixture.bind(150, 5, db, b -> b.maxCrawls(2))) {
            f.service.startCrawls();
            assertThat(f.service.awaitCrawls(2, Duration.ofSeconds(120))).isTrue();
            JsonNode crawls = JSON.readTree(f.get("/crawls").body());
            assertThat(crawls).hasSize(2);
            JsonNode stats = JSON.readTree(f.get("/stats").body()).at("/networks/0");
            assertThat(stats.at("/totals/crawls").asLong()).isEqualTo(2);
            try (CrawlStore store = CrawlStore.sqlite(db)) {
                List<StoredCrawl> stored = store.crawls();
                for (int i = 0; i < 2; i++) {
                    JsonNode c = crawls.get(i);
                    StoredCrawl s = stored.get(i);
                    assertThat(c.get("id").asText()).isEqualTo(s.crawlId());
                    assertThat(c.get("network").asText()).isEqualTo("bitcoin");
                    assertThat(c.get("finished").asText()).isEqualTo(s.finished().toString());
                    assertThat(c.at("/counts/reachable").asLong()).isEqualTo(s.reachable());
                    assertThat(c.at("/counts/observations").asLong()).isEqualTo(s.observations());
                    HttpResponse<String> peers = f.get("/crawls/" + s.crawlId() + "/peers");
                    assertThat(peers.statusCode()).isEqualTo(200);
                    try (var expected = store.observations(s.crawlId())) {
                        assertThat(peers.body().lines().toList()).isEqualTo(expected.map(PeerJson::toJson).toList());
                    }
                }
                StoredCrawl last = stored.get(1);
                assertThat(stats.at("/latest/crawlId").asText()).isEqualTo(last.crawlId());
                assertThat(stats.at("/latest/running").asBoolean()).isFalse();
                assertThat(stats.at("/latest/reachable").asLong()).isEqualTo(last.reachable());
                assertThat(stats.at("/latest/unreachable").asLong()).isEqualTo(last.unreachable());
                assertThat(stats.at("/latest/discovered").asLong()).isEqualTo(last.discovered());
                long kinds = 0;
                for (JsonNode n : stats.at("/latest/addressTypes")) {
                    kinds += n.asLong();
                }
                assertThat(kinds).isEqualTo(last.observations());
                assertThat(stats.at("/totals/reachable").asLong()).isEqualTo(stored.get(0).reachable() + last.reachable());
            }
            assertThat(f.get("/crawls/no-such-crawl/peers").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void recentReplaysTheLastObservationsToANewClient() throws Exception {
        try (ServeFixture f = ServeFixture.bind(100, 9, null, b -> b.maxCrawls(1))) {
            f.crawlOnce();
            long published = f.service.feed().published();
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> late = ServeFixture.HTTP.sendAsync(
                    HttpRequest.newBuilder(f.uri("/peers?recent=1000")).build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(f.service.feed().awaitSubscribers(1, Duration.ofSeconds(10))).isTrue();
            f.service.close();
            List<Peer> peers = late.get().body().map(ScrapeServiceTest::parse).toList();
            assertThat((long) peers.size()).isEqualTo(published);
            assertThat(peers).extracting(Peer::status).contains(PeerStatus.REACHABLE, PeerStatus.UNREACHABLE);
        }
    }

    @Test
    void badRequestsGetAOneLineJsonError() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> { })) {
            assertThat(f.get("/peers?status=asleep").body()).contains("unknown peer status 'asleep'");
            assertThat(f.get("/peers?status=asleep").statusCode()).isEqualTo(400);
            assertThat(f.get("/peers?network=ipfs").body()).contains("network 'ipfs' is not crawled here (crawling bitcoin)");
            assertThat(f.get("/peers?recent=1001").statusCode()).isEqualTo(400);
            assertThat(f.get("/peers?colour=red").body()).contains("unknown query parameter 'colour'");
            assertThat(f.get("/nope").statusCode()).isEqualTo(404);
            assertThat(f.get("/crawls/abc/peers").body()).contains("no database: start serve with --db FILE");
            HttpResponse<String> post = ServeFixture.HTTP.send(HttpRequest.newBuilder(f.uri("/peers"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            HttpResponse<String> page = f.get("/");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).startsWith("default-src 'self'"));
            assertThat(page.body()).contains("/assets/dashboard.js").doesNotContain("http://", "https://");
            assertThat(f.get("/assets/dashboard.js").body()).doesNotContain("http://", "https://");
            assertThat(f.get("/assets/dashboard.css").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aTakenPortIsOneLineAndExitStatus1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = PeercensusCommand.execute(new String[] {"serve", "--simulate", "10", "--port",
                    Integer.toString(taken.getLocalPort())}, new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(status).isEqualTo(1);
            assertThat(err.toString().lines()).containsExactly("peercensus: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": the port is already in use");
        }
    }

    @Test
    void simulateRefusesOtherNetworks() {
        StringWriter err = new StringWriter();
        int status = PeercensusCommand.execute(new String[] {"serve", "--simulate", "10", "--network", "ipfs"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("peercensus: --simulate crawls a simulated Bitcoin network only; drop --network ipfs");
    }

    private static Peer parse(String line) {
        try {
            return PeerJson.fromJson(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not a peer line: " + line, e);
        }
    }
}
