package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercensus.sink.CrawlStore;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load: 200 clients follow {@code /peers} through a 2,000-node crawl and each receives every observation, in crawl
 * order (a digest of its whole body equals the digest of the crawl's observations as stored); one more client that
 * never reads is disconnected once its bounded queue fills, and no queue ever holds more than the buffer. The crawl
 * is run twice, without and with the stalled client, and both durations and the peak heap are written to
 * {@code target/serve-load.txt} (figures, not assertions: timing is not asserted in tests).
 */
class ServeLoadIT {
    private static final int NODES = 2000;
    private static final int CLIENTS = 200;
    private static final int BUFFER = 512;

    @TempDir
    Path dir;

    record Run(double crawlSeconds, long observations, long dropped, int deepest, long peakHeapMb) {
    }

    @Test
    void twoHundredClientsGetEveryObservationInOrderAndAStalledOneIsDropped() throws Exception {
        Run baseline = run(false, dir.resolve("a.db"));
        Run stalled = run(true, dir.resolve("b.db"));
        assertThat(baseline.dropped()).isZero();
        // The stalled client is dropped only once the kernel's socket buffers (up to 4 MB on loopback) and its queue
        // are full; a 2,000-node crawl (about 1 MB) may fit. FeedBackpressureTest forces the drop.
        assertThat(stalled.dropped()).isBetween(0L, 1L);
        String report = String.format(Locale.ROOT, "serve load, %d nodes, %d /peers clients, buffer %d lines%n"
                + "without stalled client: crawl %.2f s, %d observations, deepest queue %d, peak heap %d MB%n"
                + "with stalled client:    crawl %.2f s, %d observations, deepest queue %d, peak heap %d MB, dropped %d%n"
                + "duration ratio: %.3f%n", NODES, CLIENTS, BUFFER,
                baseline.crawlSeconds(), baseline.observations(), baseline.deepest(), baseline.peakHeapMb(),
                stalled.crawlSeconds(), stalled.observations(), stalled.deepest(), stalled.peakHeapMb(), stalled.dropped(),
                stalled.crawlSeconds() / baseline.crawlSeconds());
        Files.writeString(Path.of("target", "serve-load.txt"), report);
        System.out.print(report);
    }

    private Run run(boolean withStalledClient, Path db) throws Exception {
        try (ServeFixture f = ServeFixture.bind(NODES, 2026, db, b -> b.maxCrawls(1).subscriberBuffer(BUFFER))) {
            List<CompletableFuture<HttpResponse<Void>>> bodies = new ArrayList<>();
            List<Digest> digests = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Digest d = new Digest();
                digests.add(d);
                bodies.add(ServeFixture.HTTP.sendAsync(HttpRequest.newBuilder(f.uri("/peers")).build(),
                        HttpResponse.BodyHandlers.ofByteArrayConsumer(d::accept)));
            }
            Socket stalled = null;
            if (withStalledClient) {
                stalled = new Socket();
                stalled.setReceiveBufferSize(4096);
                stalled.connect(f.service.address());
                OutputStream out = stalled.getOutputStream();
                out.write(("GET /peers HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush(); // and never read a byte
            }
            int expectedClients = CLIENTS + (withStalledClient ? 1 : 0);
            assertThat(f.service.feed().awaitSubscribers(expectedClients, Duration.ofSeconds(60))).isTrue();
            HeapPeak heap = new HeapPeak();
            heap.start();
            f.crawlOnce();
            long peak = heap.finish();
            String crawlId = new ObjectMapper().readTree(f.get("/stats").body()).at("/networks/0/latest/crawlId").asText();
            double seconds = new ObjectMapper().readTree(f.get("/stats").body()).at("/networks/0/latest/elapsedSeconds").asDouble();
            long dropped = f.service.feed().droppedSubscribers();
            int deepest = f.service.feed().deepestQueue();
            f.service.close(); // ends every feed cleanly
            for (CompletableFuture<HttpResponse<Void>> b : bodies) {
                assertThat(b.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            if (stalled != null) {
                stalled.close();
            }
            Digest expected = new Digest();
            long observations;
            try (CrawlStore store = CrawlStore.sqlite(db); var peers = store.observations(crawlId)) {
                observations = peers.map(FeedBroadcast::encode).peek(expected::update).count();
            }
            assertThat(observations).isGreaterThan(NODES / 2);
            String want = expected.hex();
            for (int i = 0; i < CLIENTS; i++) {
                assertThat(digests.get(i).lines).as("client %d lines", i).isEqualTo(observations);
                assertThat(digests.get(i).hex()).as("client %d bytes in crawl order", i).isEqualTo(want);
            }
            assertThat(deepest).isLessThanOrEqualTo(BUFFER);
            return new Run(seconds, observations, dropped, deepest, peak / (1024 * 1024));
        }
    }

    /** SHA-256 and line count of a body, fed chunk by chunk. */
    private static final class Digest {
        private final MessageDigest sha;
        volatile long lines;
        private volatile String hex;

        Digest() throws Exception {
            sha = MessageDigest.getInstance("SHA-256");
        }

        synchronized void accept(java.util.Optional<byte[]> chunk) {
            if (chunk.isPresent()) {
                update(chunk.get());
            } else {
                hex = HexFormat.of().formatHex(sha.digest());
            }
        }

        synchronized void update(byte[] bytes) {
            sha.update(bytes);
            for (byte b : bytes) {
                if (b == '\n') {
                    lines++;
                }
            }
        }

        synchronized String hex() {
            return hex != null ? hex : (hex = HexFormat.of().formatHex(sha.digest()));
        }
    }

    /** The most heap in use, sampled every 10 ms on a daemon thread (a figure for the report, not an assertion). */
    private static final class HeapPeak extends Thread {
        private volatile boolean running = true;
        private volatile long peak;

        HeapPeak() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(10); // a sampling period, not synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long finish() throws InterruptedException {
            running = false;
            join();
            return peak;
        }
    }
}
