package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is disconnected once its bounded queue overflows (past what the kernel buffers), is
 * counted, and never holds up publishing or the other clients, which get every line in order.
 */
class FeedBackpressureTest {
    private static final int LINES = 20_000; // about 9 MB: more than loopback socket buffers hold

    @Test
    void aClientThatNeverReadsIsDroppedAndTheOthersGetEverything() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> b.subscriberBuffer(256))) {
            MessageDigest want = MessageDigest.getInstance("SHA-256");
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            Semaphore received = new Semaphore(0);
            CompletableFuture<HttpResponse<Void>> reader = ServeFixture.HTTP.sendAsync(
                    HttpRequest.newBuilder(f.uri("/peers")).build(), HttpResponse.BodyHandlers.ofByteArrayConsumer(chunk ->
                            chunk.ifPresent(bytes -> {
                                got.update(bytes);
                                int lines = 0;
                                for (byte b : bytes) {
                                    lines += b == '\n' ? 1 : 0;
                                }
                                received.release(lines);
                            })));
            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(f.service.address());
                OutputStream out = stalled.getOutputStream();
                out.write("GET /peers HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(f.service.feed().awaitSubscribers(2, Duration.ofSeconds(10))).isTrue();
                Instant t = Instant.parse("2026-01-01T00:00:00Z");
                for (int i = 0; i < LINES; i++) {
                    Peer p = Peer.builder().network(Network.BITCOIN).peerID("127.0.0." + (i % 250 + 1) + ":" + (1000 + i))
                            .addresses(List.of("/ip4/127.0.0." + (i % 250 + 1) + "/tcp/" + (1000 + i)))
                            .agentVersion("/Satoshi:27.0.0/" + "x".repeat(300)).status(PeerStatus.REACHABLE)
                            .seenAt(t.plusMillis(i)).build();
                    f.service.feed().publish(p); // never waits for a client
                    want.update(FeedBroadcast.encode(p));
                    if (i % 100 == 99) { // pace the burst to the reading client, so only the stalled one falls behind
                        assertThat(received.tryAcquire(100, 30, TimeUnit.SECONDS)).isTrue();
                    }
                }
                // the reader keeps up (it reads as fast as it can); the stalled client cannot hold 9 MB
                assertThat(f.service.feed().droppedSubscribers()).isEqualTo(1);
                assertThat(f.service.feed().deepestQueue()).isLessThanOrEqualTo(256);
                f.service.close();
                assertThat(reader.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(HexFormat.of().formatHex(want.digest()));
                // the stalled client's stream was cut: no chunked terminator "0\r\n\r\n" at the end
                stalled.setSoTimeout(10_000);
                InputStream in = stalled.getInputStream();
                byte[] all = in.readAllBytes();
                String tail = new String(all, Math.max(0, all.length - 7), Math.min(7, all.length), StandardCharsets.US_ASCII);
                assertThat(tail).doesNotEndWith("0\r\n\r\n");
                assertThat(all.length).isLessThan(LINES * 300);
            }
            assertThatThrownBy(() -> new FeedBroadcast(0)).hasMessage("subscriber buffer must be at least 1 line, got 0");
        }
    }
}
