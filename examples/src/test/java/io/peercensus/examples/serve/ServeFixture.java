package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.peercensus.Crawlers;
import io.peercensus.Network;
import io.peercensus.sink.PeerJson;
import io.peercensus.testkit.SimulatedBitcoinNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** A scrape service in this JVM crawling a simulated Bitcoin network, and HTTP helpers for tests. Not thread-safe. */
final class ServeFixture implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final SimulatedBitcoinNetwork sim;
    final ScrapeService service;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private ServeFixture(SimulatedBitcoinNetwork sim, ScrapeService service) {
        this.sim = sim;
        this.service = service;
    }

    /** Binds a service on a free loopback port for a simulated network of {@code nodes}; crawls not started yet. */
    static ServeFixture bind(int nodes, long seed, Path db, Consumer<ScrapeService.Builder> more) throws IOException {
        SimulatedBitcoinNetwork sim = SimulatedBitcoinNetwork.builder().nodes(nodes).seed(seed).start();
        try {
            String seedPeer = sim.seedEndpoints().get(0).canonical();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ScrapeService.Builder b = ScrapeService.builder().address(new InetSocketAddress("127.0.0.1", 0))
                    .crawl(Network.BITCOIN, () -> Crawlers.bitcoin().seed(seedPeer).loopbackOnly(true)
                            .timeout(Duration.ofSeconds(5)))
                    .log(new PrintStream(log, true, StandardCharsets.UTF_8));
            if (db != null) {
                b.database(db);
            }
            more.accept(b);
            return new ServeFixture(sim, b.bind());
        } catch (IOException | RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    URI uri(String path) {
        return service.uri().resolve(path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Crawls once and waits for the crawl to end. */
    void crawlOnce() throws InterruptedException {
        service.startCrawls();
        assertThat(service.awaitCrawls(1, Duration.ofSeconds(120))).as("the crawl ends within 120 s").isTrue();
    }

    /** The field names of one JSON object, in order. */
    static Map<String, JsonToken> fields(String json) throws IOException {
        Map<String, JsonToken> out = new HashMap<>();
        try (JsonParser p = PeerJson.factory().createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                out.put(name, value);
                p.skipChildren();
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            sim.close();
        }
    }
}
