package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar peercensus.jar serve} stops within 3 s of SIGTERM in the middle of a crawl with live
 * {@code /peers} clients, each of which gets the chunked body's last chunk (a clean end of stream), and exits 143.
 * The stop time is written to {@code target/serve-stop.txt}.
 */
class ServeSignalIT {
    private static final Path JAR = Path.of("target", "peercensus.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+)/)");
    private static final int CLIENTS = 5;

    private static JsonNode stats(URI base) throws IOException, InterruptedException {
        return new ObjectMapper().readTree(ServeFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(base.resolve("/stats"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void sigtermDuringACrawlEndsEveryFeedCleanlyAndExits143WithinThreeSeconds() throws Exception {
        assertThat(JAR).as("the shaded jar is built by 'mvn package'").exists();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "serve", "--simulate", "3000", "--simulate-seed", "11", "--port", "0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
        ExecutorService reading = Executors.newFixedThreadPool(CLIENTS);
        List<RawHttp> clients = new ArrayList<>();
        List<CompletableFuture<byte[]>> bodies = new ArrayList<>();
        try {
            String first = err.poll(60, TimeUnit.SECONDS);
            assertThat(first).as("first stderr line").isNotNull();
            Matcher m = LISTENING.matcher(first);
            assertThat(m.find()).as(first).isTrue();
            URI base = URI.create(m.group(1));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(2)));
            for (int i = 0; i < CLIENTS; i++) {
                RawHttp c = new RawHttp(address).send("GET /peers HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(c.head().status()).isEqualTo(200);
                clients.add(c);
                bodies.add(CompletableFuture.supplyAsync(() -> { // reads as fast as it can, as a real client does
                    try {
                        return c.rest();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, reading));
            }
            JsonNode stats = stats(base);
            assertThat(stats.at("/feed/subscribers").asInt()).isEqualTo(CLIENTS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (stats.at("/feed/published").asLong() < 100 && System.nanoTime() < deadline) {
                stats = stats(base); // polls until the feed is flowing
            }
            assertThat(stats.at("/feed/published").asLong()).as("observations published").isGreaterThanOrEqualTo(100);
            assertThat(stats.at("/networks/0/latest/running").asBoolean()).as("the crawl is running at SIGTERM").isTrue();

            long signalled = System.nanoTime();
            p.destroy(); // SIGTERM
            boolean exited = p.waitFor(10, TimeUnit.SECONDS);
            long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            assertThat(exited).as("exits after SIGTERM").isTrue();
            Files.writeString(Path.of("target", "serve-stop.txt"), String.format(Locale.ROOT,
                    "serve --simulate 3000, %d /peers clients, SIGTERM during the crawl: exited %d after %d ms%n",
                    CLIENTS, p.exitValue(), stopMs));
            assertThat(p.exitValue()).isEqualTo(143);
            assertThat(stopMs).as("stop time").isLessThan(3000);
            for (CompletableFuture<byte[]> body : bodies) {
                byte[] rest = body.get(10, TimeUnit.SECONDS);
                assertThat(new String(rest, StandardCharsets.US_ASCII)).as("observations were streamed").contains("\"peerID\"");
                String tail = new String(rest, Math.max(0, rest.length - 5), Math.min(5, rest.length), StandardCharsets.US_ASCII);
                assertThat(tail).as("the chunked body's last chunk").isEqualTo("0\r\n\r\n");
            }
        } finally {
            reading.shutdownNow();
            p.destroyForcibly();
            for (RawHttp c : clients) {
                c.close();
            }
        }
    }
}
