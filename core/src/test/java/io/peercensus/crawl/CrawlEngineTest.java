package io.peercensus.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.CrawlException;
import io.peercensus.CrawlListener;
import io.peercensus.CrawlProgress;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlSummary.StopReason;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrawlEngineTest {
    private final CountDownLatch releaseHung = new CountDownLatch(1);

    @AfterEach
    void releaseHungProbers() {
        releaseHung.countDown();
    }

    private static CrawlSettings.Builder settings() {
        return CrawlSettings.builder().loopbackOnly(true).concurrency(16)
                .timeout(Duration.ofSeconds(2)).conversationTimeout(Duration.ofSeconds(5));
    }

    private static CrawlEngine engine(Prober prober, CrawlSettings settings) {
        return new CrawlEngine(FakeNetwork.NETWORK, prober, settings, CrawlListener.NONE, Clock.systemUTC());
    }

    private static CrawlEngine.Seeds seed(int... indexes) {
        return () -> {
            List<ProbeTarget> seeds = new java.util.ArrayList<>();
            for (int i : indexes) {
                seeds.add(FakeNetwork.target(i, null));
            }
            return seeds;
        };
    }

    @Test
    void crawlsEveryPeerOnceAndRecordsEdges() {
        FakeNetwork net = new FakeNetwork(500, 4, 1);
        AtomicInteger probes = new AtomicInteger();
        RecordingSink sink = new RecordingSink();
        CrawlSummary summary = engine((t, c) -> {
            probes.incrementAndGet();
            return net.reachable(t, c);
        }, settings().build()).run(seed(0), List.of(sink));

        assertThat(summary.stopReason()).isEqualTo(StopReason.EXHAUSTED);
        assertThat(summary.reachable()).isEqualTo(500);
        assertThat(probes).hasValue(500);
        Map<String, Peer> byId = sink.byId();
        assertThat(byId).hasSize(500);
        assertThat(byId.get("p0").source()).isNull();
        assertThat(byId.get("p1").source()).isNotNull();
        assertThat(sink.edges.get("p7")).containsAll(net.neighbours.get(7).stream()
                .filter(n -> n != 7).map(FakeNetwork::id).toList());
        assertThat(summary.edges()).isEqualTo(sink.edges.values().stream().mapToLong(List::size).sum());
        assertThat(sink.finished).isEqualTo(summary);
        assertThat(sink.closed).isEqualTo(1);
    }

    @Test
    void classifiesProberFailures() {
        RecordingSink sink = new RecordingSink();
        CrawlSummary summary = engine((t, c) -> {
            switch (FakeNetwork.index(t.peerID())) {
                case 0:
                    return new ProbeResult(Peer.builder().network(c.network()).peerID(t.peerID())
                            .status(PeerStatus.REACHABLE).seenAt(c.now()).build(),
                            List.of(FakeNetwork.target(1, "p0"), FakeNetwork.target(2, "p0"), FakeNetwork.target(3, "p0")));
                case 1:
                    throw new ConnectException("Connection refused");
                case 2:
                    throw new ProbeException(ErrorClass.PROTOCOL, "checksum mismatch");
                default:
                    throw new IllegalStateException("prober bug");
            }
        }, settings().build()).run(seed(0), List.of(sink));

        Map<String, Peer> byId = sink.byId();
        assertThat(byId.get("p1").error().toJson()).isEqualTo("refused: Connection refused");
        assertThat(byId.get("p2").error().toJson()).isEqualTo("protocol: checksum mismatch");
        assertThat(byId.get("p3").error().errorClass()).isEqualTo(ErrorClass.PROTOCOL);
        assertThat(byId.get("p3").error().detail()).startsWith("internal error: java.lang.IllegalStateException");
        assertThat(summary.errors(ErrorClass.REFUSED)).isEqualTo(1);
        assertThat(summary.errors(ErrorClass.PROTOCOL)).isEqualTo(2);
        assertThat(summary.unreachable()).isEqualTo(3);
    }

    /**
     * Acceptance: 1,000 peers, 100 of which hang forever, finish within
     * (deadline x 100 / concurrency) + 2 s. Half of the hanging ones even ignore interrupts.
     */
    @Test
    void hangingPeersCostTheirDeadlineAndNoMore() {
        int peers = 1000;
        int concurrency = 50;
        Duration deadline = Duration.ofSeconds(1);
        FakeNetwork net = new FakeNetwork(peers, 3, 7);
        Prober prober = (t, c) -> {
            int i = FakeNetwork.index(t.peerID());
            if (i % 10 == 5) { // 100 peers
                ProbeResult ignored = net.reachable(t, c);
                if (i % 20 == 5) {
                    new CountDownLatch(1).await(); // hangs until interrupted
                } else {
                    while (releaseHung.getCount() > 0) { // hangs and ignores interrupts
                        try {
                            releaseHung.await();
                        } catch (InterruptedException stubborn) {
                            // keep hanging
                        }
                    }
                }
                return ignored;
            }
            return net.reachable(t, c);
        };
        RecordingSink sink = new RecordingSink();
        CrawlSummary summary = engine(prober, settings().concurrency(concurrency).timeout(deadline).conversationTimeout(deadline).build())
                .run(seed(0), List.of(sink));

        Duration bound = deadline.multipliedBy(100).dividedBy(concurrency).plusSeconds(2);
        assertThat(summary.duration()).isLessThanOrEqualTo(bound);
        assertThat(summary.unreachable()).isEqualTo(100);
        assertThat(summary.errors(ErrorClass.TIMEOUT)).isEqualTo(100);
        assertThat(summary.reachable()).isEqualTo(900);
        assertThat(sink.byId().get("p5").error().detail()).isEqualTo("conversation took longer than 1000 ms");
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // the bug this guards against hangs the crawl forever
    void aFailureWhileRecordingAFailureStillFreesTheSlot() {
        FakeNetwork net = new FakeNetwork(30, 3, 13);
        Prober prober = (t, c) -> {
            if (t.peerID().equals("p4")) {
                // a prober bug: no detail; building the unreachable observation then throws in the engine's handler
                throw new ProbeException(ErrorClass.PROTOCOL, null);
            }
            return net.reachable(t, c);
        };
        CrawlSummary summary = engine(prober, settings().concurrency(1).build()).run(seed(0), List.of(new RecordingSink()));
        assertThat(summary.stopReason()).isEqualTo(StopReason.EXHAUSTED);
        assertThat(summary.reachable()).isEqualTo(29);
    }

    @Test
    void maxPeersStopsDialingAndRecordsTheRestAsDiscovered() {
        FakeNetwork net = new FakeNetwork(300, 5, 3);
        AtomicInteger probes = new AtomicInteger();
        RecordingSink sink = new RecordingSink();
        CrawlSummary summary = engine((t, c) -> {
            probes.incrementAndGet();
            return net.reachable(t, c);
        }, settings().maxPeers(40).build()).run(seed(0), List.of(sink));

        assertThat(summary.stopReason()).isEqualTo(StopReason.MAX_PEERS);
        assertThat(probes).hasValue(40);
        assertThat(summary.dialed()).isEqualTo(40);
        assertThat(summary.discovered()).isPositive();
        assertThat(sink.byId().values()).filteredOn(p -> p.status() == PeerStatus.DISCOVERED)
                .allSatisfy(p -> assertThat(p.latencyMs()).isNull());
    }

    @Test
    void durationLimitAbortsConversationsUnderWay() {
        CountDownLatch started = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink();
        CrawlSummary summary = engine((t, c) -> {
            started.countDown();
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable");
        }, settings().duration(Duration.ofMillis(300)).build()).run(seed(0, 1, 2), List.of(sink));

        assertThat(summary.stopReason()).isEqualTo(StopReason.DURATION);
        assertThat(summary.discovered()).isEqualTo(3);
        assertThat(summary.dialed()).isZero();
    }

    @Test
    void aFailingSinkStopsTheCrawlWithItsError() {
        FakeNetwork net = new FakeNetwork(200, 3, 5);
        PeerSink broken = new PeerSink() {
            int n;

            @Override
            public void accept(Peer peer) throws IOException {
                if (++n == 10) {
                    throw new IOException("disk full");
                }
            }
        };
        assertThatThrownBy(() -> engine(net::reachable, settings().build()).run(seed(0), List.of(broken)))
                .isInstanceOf(CrawlException.class).hasMessage("sink failed: disk full");
    }

    @Test
    void seedFailureIsTheCrawlsError() {
        assertThatThrownBy(() -> engine((t, c) -> null, settings().build()).run(() -> {
            throw new CrawlException("no seed resolved");
        }, List.of(new RecordingSink()))).isInstanceOf(CrawlException.class).hasMessage("no seed resolved");
    }

    @Test
    void reportsProgressWhileRunning() {
        List<CrawlProgress> seen = new CopyOnWriteArrayList<>();
        CountDownLatch ticked = new CountDownLatch(1);
        CrawlListener listener = new CrawlListener() {
            @Override
            public void progress(CrawlProgress progress) {
                seen.add(progress);
                ticked.countDown();
            }
        };
        FakeNetwork net = new FakeNetwork(50, 2, 9);
        CrawlSummary summary = new CrawlEngine(FakeNetwork.NETWORK, (t, c) -> {
            if (t.peerID().equals("p0")) {
                ticked.await(); // hold the crawl until the first progress tick arrived
            }
            return net.reachable(t, c);
        }, settings().build(), listener, Clock.systemUTC()).run(seed(0), List.of(new RecordingSink()));

        assertThat(seen).isNotEmpty();
        assertThat(seen.get(0).inFlight()).isEqualTo(1);
        assertThat(seen.get(0).found()).isEqualTo(1);
        assertThat(summary.reachable()).isEqualTo(50);
    }
}
