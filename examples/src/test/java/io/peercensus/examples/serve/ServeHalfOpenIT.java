package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Load: 1,000 connections that send part of a request and stall (half-open requests, slowloris) neither hold the
 * server's threads nor slow {@code /stats}, which answers each of 50 requests within 100 ms while they are open; the
 * header timeout then closes every one of them. The figures go to {@code target/serve-half-open.txt}.
 */
class ServeHalfOpenIT {
    private static final int HALF_OPEN = 1000;
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(3);

    @Test
    void aThousandHalfOpenRequestsNeitherStallStatsNorOutliveTheHeaderTimeout() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> b.headerTimeout(HEADER_TIMEOUT))) {
            f.get("/stats"); // warm up: the first request loads classes
            List<RawHttp> stalled = new ArrayList<>();
            try {
                long opened = System.nanoTime();
                for (int i = 0; i < HALF_OPEN; i++) {
                    RawHttp c = new RawHttp(f.service.address());
                    c.send(i % 2 == 0 ? "GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Part: " : "GET /pe");
                    stalled.add(c);
                }
                long[] ms = new long[50];
                for (int i = 0; i < ms.length; i++) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = ServeFixture.HTTP.send(HttpRequest.newBuilder(f.uri("/stats"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    ms[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
                    assertThat(r.statusCode()).isEqualTo(200);
                }
                long openedFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
                assertThat(openedFor).as("the /stats requests ran while the half-open requests were open")
                        .isLessThan(HEADER_TIMEOUT.toMillis());
                for (RawHttp c : stalled) {
                    c.socket.setSoTimeout((int) HEADER_TIMEOUT.toMillis() * 4);
                }
                int closed = 0;
                for (RawHttp c : stalled) {
                    closed += c.closedByServer() ? 1 : 0;
                }
                long allClosed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
                long[] sorted = ms.clone();
                Arrays.sort(sorted);
                String report = String.format(Locale.ROOT, "serve, %d half-open requests, header timeout %d ms:"
                        + " /stats median %d ms, max %d ms over %d requests; all %d closed by the server %d ms after"
                        + " the first was opened%n", HALF_OPEN, HEADER_TIMEOUT.toMillis(), sorted[sorted.length / 2],
                        sorted[sorted.length - 1], ms.length, closed, allClosed);
                Files.writeString(Path.of("target", "serve-half-open.txt"), report);
                System.out.print(report);
                assertThat(sorted[sorted.length - 1]).as("slowest /stats, ms").isLessThan(100);
                assertThat(closed).isEqualTo(HALF_OPEN);
                assertThat(f.get("/stats").statusCode()).isEqualTo(200);
            } finally {
                for (RawHttp c : stalled) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // closing a socket the server already closed
                    }
                }
            }
        }
    }
}
