package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The service's limits against clients that misbehave or merely come and go: the feed client limit under a burst,
 * slots freed by clients that vanish while nothing is published, HEAD, malformed and oversized requests, the header
 * deadline, and the warning on a non-loopback address. No crawl runs: nothing is published.
 */
class ServeLimitsTest {
    private static final String GET_PEERS = "GET /peers HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void aBurstOfAHundredFeedClientsAdmitsExactlyTheLimit() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> b.maxSubscribers(5))) {
            int clients = 100;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<RawHttp> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    sockets.add(new RawHttp(f.service.address()));
                }
                List<Future<RawHttp.Head>> heads = new ArrayList<>();
                for (RawHttp s : sockets) {
                    heads.add(pool.submit(() -> {
                        go.await();
                        return s.send(GET_PEERS).head();
                    }));
                }
                go.countDown();
                int admitted = 0;
                for (Future<RawHttp.Head> h : heads) {
                    RawHttp.Head head = h.get(30, TimeUnit.SECONDS);
                    if (head.status() == 200) {
                        admitted++;
                    } else {
                        assertThat(head.status()).isEqualTo(503);
                        assertThat(head.headers()).containsEntry("retry-after", "5");
                    }
                }
                assertThat(admitted).isEqualTo(5);
                assertThat(f.service.feed().subscribers()).isEqualTo(5);
            } finally {
                pool.shutdownNow();
                for (RawHttp s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void clientsThatVanishFreeTheirSlotsWhileNothingIsPublished() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> b.maxSubscribers(20))) {
            for (int round = 0; round < 2; round++) {
                List<RawHttp> clients = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    RawHttp c = new RawHttp(f.service.address()).send(GET_PEERS);
                    assertThat(c.head().status()).as("round %d client %d", round, i).isEqualTo(200);
                    clients.add(c);
                }
                assertThat(f.service.feed().subscribers()).isEqualTo(20);
                long vanished = System.nanoTime();
                for (RawHttp c : clients) {
                    c.close();
                }
                assertThat(f.service.feed().awaitNoSubscribers(Duration.ofSeconds(1)))
                        .as("slots freed within a second of the clients closing").isTrue();
                System.out.printf("round %d: 20 slots freed in %d ms%n", round,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - vanished));
            }
            assertThat(f.service.feed().published()).isZero();
            assertThat(f.service.feed().droppedSubscribers()).isZero();
        }
    }

    @Test
    void headPeersAnswersHeadersOnlyAndTakesNoSlot() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> b.maxSubscribers(1))) {
            for (int i = 0; i < 3; i++) {
                try (RawHttp head = new RawHttp(f.service.address())) {
                    RawHttp.Head h = head.send("HEAD /peers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").head();
                    assertThat(h.status()).isEqualTo(200);
                    assertThat(h.headers()).containsEntry("content-type", "application/x-ndjson");
                    assertThat(head.rest()).isEmpty();
                }
            }
            assertThat(f.service.feed().servedSubscribers()).isZero();
            try (RawHttp get = new RawHttp(f.service.address())) {
                assertThat(get.send(GET_PEERS).head().status()).isEqualTo(200);
                try (RawHttp head = new RawHttp(f.service.address())) {
                    RawHttp.Head h = head.send("HEAD /peers HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").head();
                    assertThat(h.status()).as("HEAD when the feed is full").isEqualTo(503);
                    assertThat(h.headers()).containsEntry("retry-after", "5");
                }
            }
        }
    }

    @Test
    void aBareLfRequestIsAnswered() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> { });
                RawHttp c = new RawHttp(f.service.address())) {
            RawHttp.Head h = c.send("GET /stats HTTP/1.1\nHost: 127.0.0.1\n\n").head();
            assertThat(h.status()).isIn(200, 400);
        }
    }

    @Test
    void aMegabyteHeaderIsAnsweredWith431() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> { });
                RawHttp c = new RawHttp(f.service.address())) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = c.socket.getOutputStream();
                    out.write("GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ".getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < 16; i++) {
                        out.write(chunk);
                    }
                    out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException expected) {
                    // the server answers and closes before the megabyte is sent
                }
            });
            writer.start();
            RawHttp.Head h = c.head();
            assertThat(h.status()).isEqualTo(431);
            assertThat(h.headers()).containsEntry("content-type", "application/json; charset=utf-8");
            c.socket.close(); // lets the writer stop
            writer.join(10_000);
            assertThat(f.get("/stats").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRequestWhoseHeadersStallIsClosedAtTheHeaderTimeout() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> b.headerTimeout(Duration.ofMillis(300)));
                RawHttp stalled = new RawHttp(f.service.address());
                RawHttp trickle = new RawHttp(f.service.address())) {
            stalled.send("GET /stats HTTP/1.1\r\nHost: 127.");
            long start = System.nanoTime();
            String request = "GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(2000) + "\r\n\r\n";
            boolean cut = false;
            for (int i = 0; i < request.length() && !cut; i++) { // one byte every 10 ms: never idle for long
                try {
                    trickle.send(request.substring(i, i + 1));
                } catch (IOException e) {
                    cut = true;
                }
                trickle.socket.setSoTimeout(10);
                try {
                    cut |= trickle.socket.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // read nothing within 10 ms: the connection is still open
                } catch (IOException e) {
                    cut = true;
                }
            }
            assertThat(cut).as("a request trickled a byte at a time is cut").isTrue();
            assertThat(stalled.closedByServer()).isTrue();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(ms).as("closed after the timeout, not the 30 s idle timeout").isLessThan(10_000);
            assertThat(f.get("/stats").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void listeningBeyondLoopbackWarnsOnce() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> b.address(new InetSocketAddress("0.0.0.0", 0))
                .log(new PrintStream(log, true, StandardCharsets.UTF_8)))) {
            assertThat(f.service.address().getAddress().isAnyLocalAddress()).isTrue();
            assertThat(log.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                    .startsWith("peercensus serve: WARNING: listening on 0.0.0.0, reachable from other machines")
                    .contains("no authentication");
        }
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> b.log(new PrintStream(quiet, true, StandardCharsets.UTF_8)))) {
            assertThat(f.service.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(quiet.size()).isZero();
        }
    }
}
