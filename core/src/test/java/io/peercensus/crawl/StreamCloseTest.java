package io.peercensus.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.CrawlListener;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.internal.crawl.PeerStreams;
import io.peercensus.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: closing a crawl's stream after 10 peers leaves no open socket and no running crawl
 * thread within 2 s. The prober talks to a real local TCP server that answers most peers and keeps
 * the rest waiting, so conversations are blocked in reads when the stream closes.
 */
class StreamCloseTest {
    private ServerSocket server;
    private Thread acceptor;
    private final AtomicInteger openOnServer = new AtomicInteger();
    private final AtomicInteger probesRunning = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    openOnServer.incrementAndGet();
                    Thread t = new Thread(() -> serve(s), "test-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Reads a peer ID; answers "n1 n2 ..." for even peers, never answers odd ones; counts the close. */
    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
            String id = in.readLine();
            if (id != null) {
                int i = FakeNetwork.index(id);
                if (i % 2 == 0) {
                    OutputStream out = s.getOutputStream();
                    out.write((FakeNetwork.id(i + 1) + " " + FakeNetwork.id(i + 2) + " " + FakeNetwork.id(i + 3) + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                while (in.read() >= 0) {
                    // wait for the client to close
                }
            }
        } catch (IOException ignored) {
            // a reset counts as closed too
        } finally {
            openOnServer.decrementAndGet();
        }
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private ProbeTarget target(int i, String source) {
        Endpoint e = new Endpoint(NetAddress.of(InetAddress.getLoopbackAddress()), server.getLocalPort());
        return new ProbeTarget(FakeNetwork.id(i), List.of(e.multiaddr()), List.of(e), source);
    }

    private ProbeResult converse(ProbeTarget t, ProbeContext c) throws IOException {
        probesRunning.incrementAndGet();
        try {
            Socket s = c.connect(t.endpoints().get(0));
            s.getOutputStream().write((t.peerID() + "\n").getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (line == null) {
                throw new java.io.EOFException("closed");
            }
            List<ProbeTarget> next = new ArrayList<>();
            for (String id : line.split(" ")) {
                next.add(target(FakeNetwork.index(id), t.peerID()));
            }
            return new ProbeResult(Peer.builder().network(c.network()).peerID(t.peerID()).status(PeerStatus.REACHABLE)
                    .seenAt(c.now()).neighbours(next.size()).build(), next);
        } finally {
            probesRunning.decrementAndGet();
        }
    }

    @Test
    void closingTheStreamReleasesEverySocketAndThread() {
        CrawlSettings settings = CrawlSettings.builder().loopbackOnly(true).concurrency(32)
                .timeout(Duration.ofSeconds(30)).conversationTimeout(Duration.ofSeconds(60)).build();
        CrawlEngine engine = new CrawlEngine(FakeNetwork.NETWORK, this::converse, settings, CrawlListener.NONE, Clock.systemUTC());
        RecordingSink sink = new RecordingSink();
        Stream<Peer> stream = PeerStreams.start("peercensus-crawl-test",
                extra -> engine.run(() -> List.of(target(0, null)), List.of(sink, extra)), engine::cancel);
        List<Peer> first = new ArrayList<>();
        Iterator<Peer> it = stream.iterator();
        while (first.size() < 10) {
            first.add(it.next());
        }
        assertThat(openOnServer.get()).as("conversations blocked in reads before close").isPositive();

        stream.close();

        assertThat(Await.until(Duration.ofSeconds(2), () -> openOnServer.get() == 0 && probesRunning.get() == 0
                && crawlThreads().isEmpty()))
                .as("open sockets %s, running probes %s, threads %s", openOnServer.get(), probesRunning.get(), crawlThreads())
                .isTrue();
        assertThat(sink.closed).isEqualTo(1);
        assertThat(sink.peers).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void closingFromAnotherThreadEndsTheStreamForAReaderBlockedOnIt() throws InterruptedException {
        CrawlSettings settings = CrawlSettings.builder().loopbackOnly(true).concurrency(4)
                .timeout(Duration.ofSeconds(30)).conversationTimeout(Duration.ofSeconds(60)).build();
        CrawlEngine engine = new CrawlEngine(FakeNetwork.NETWORK, this::converse, settings, CrawlListener.NONE, Clock.systemUTC());
        // peer 1 is odd: the server never answers it, so the reader waits for an observation that does not come
        Stream<Peer> stream = PeerStreams.start("peercensus-crawl-test",
                extra -> engine.run(() -> List.of(target(1, null)), List.of(extra)), engine::cancel);
        AtomicInteger read = new AtomicInteger(-1);
        Thread reader = new Thread(() -> read.set((int) stream.count()), "test-reader");
        reader.setDaemon(true);
        reader.start();
        assertThat(Await.until(Duration.ofSeconds(5), () -> openOnServer.get() == 1 && reader.getState() == Thread.State.WAITING))
                .as("the reader waits on the stream while the seed's conversation is open").isTrue();

        stream.close();

        reader.join(Duration.ofSeconds(2).toMillis());
        assertThat(reader.isAlive()).as("reader still blocked 2 s after close").isFalse();
        assertThat(read.get()).isZero();
    }

    private static List<String> crawlThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("peercensus-")) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
