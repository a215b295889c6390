package io.peercensus.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.CrawlListener;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlSummary.StopReason;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine with an {@link AsyncProber}: conversations without a thread each, completed from another thread. */
class AsyncProberEngineTest {
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-event-loop");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stopLoop() {
        loop.shutdownNow();
    }

    /** An async prober that answers each peer from the fake network after {@code delayMs}, on one thread. */
    private abstract static class FakeAsyncProber implements AsyncProber {
        final Set<String> beganOn = ConcurrentHashMap.newKeySet();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public CompletionStage<ProbeResult> begin(ProbeTarget target, ProbeContext context) {
            beganOn.add(Thread.currentThread().getName());
            return answer(target, context);
        }

        abstract CompletionStage<ProbeResult> answer(ProbeTarget target, ProbeContext context);

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    private static CrawlEngine engine(Prober prober, CrawlSettings settings) {
        return new CrawlEngine(FakeNetwork.NETWORK, prober, settings, CrawlListener.NONE, Clock.systemUTC());
    }

    @Test
    void crawlsEveryPeerWithoutAThreadPerConversationAndClosesTheProberOnce() {
        FakeNetwork net = new FakeNetwork(2000, 4, 3);
        FakeAsyncProber prober = new FakeAsyncProber() {
            @Override
            CompletionStage<ProbeResult> answer(ProbeTarget target, ProbeContext context) {
                CompletableFuture<ProbeResult> result = new CompletableFuture<>();
                loop.schedule(() -> result.complete(net.reachable(target, context)), 2, TimeUnit.MILLISECONDS);
                return result;
            }
        };
        RecordingSink sink = new RecordingSink();
        CrawlSummary summary = engine(prober, CrawlSettings.builder().loopbackOnly(true).concurrency(500).build())
                .run(() -> List.of(FakeNetwork.target(0, null)), List.of(sink));

        assertThat(summary.stopReason()).isEqualTo(StopReason.EXHAUSTED);
        assertThat(summary.reachable()).isEqualTo(2000);
        assertThat(sink.byId()).hasSize(2000);
        assertThat(sink.edges.get("p9")).containsExactlyInAnyOrderElementsOf(net.neighbours.get(9).stream().map(FakeNetwork::id).toList());
        assertThat(prober.beganOn).as("every conversation began on the crawl's own thread").hasSize(1)
                .noneMatch(name -> name.startsWith("peercensus-probe"));
        assertThat(prober.closes).hasValue(1);
    }

    @Test
    void classifiesFailuresAndAConversationThatNeverEndsCostsItsDeadline() {
        FakeNetwork net = new FakeNetwork(6, 2, 1);
        FakeAsyncProber prober = new FakeAsyncProber() {
            @Override
            CompletionStage<ProbeResult> answer(ProbeTarget target, ProbeContext context) {
                return switch (FakeNetwork.index(target.peerID())) {
                    case 0 -> CompletableFuture.completedFuture(new ProbeResult(net.reachable(target, context).observation(),
                            List.of(FakeNetwork.target(1, "p0"), FakeNetwork.target(2, "p0"), FakeNetwork.target(3, "p0"),
                                    FakeNetwork.target(4, "p0"))));
                    case 1 -> CompletableFuture.supplyAsync(() -> {
                        throw new java.util.concurrent.CompletionException(new ConnectException("Connection refused"));
                    }, loop);
                    case 2 -> CompletableFuture.failedFuture(new ProbeException(ErrorClass.PROTOCOL, "checksum mismatch"));
                    case 3 -> new CompletableFuture<>(); // never completes
                    default -> throw new IllegalStateException("prober bug");
                };
            }
        };
        RecordingSink sink = new RecordingSink();
        long started = System.nanoTime();
        CrawlSummary summary = engine(prober, CrawlSettings.builder().loopbackOnly(true)
                .timeout(Duration.ofMillis(300)).conversationTimeout(Duration.ofMillis(600)).build())
                .run(() -> List.of(FakeNetwork.target(0, null)), List.of(sink));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        Map<String, Peer> byId = sink.byId();
        assertThat(byId.get("p1").error().toJson()).isEqualTo("refused: Connection refused");
        assertThat(byId.get("p2").error().toJson()).isEqualTo("protocol: checksum mismatch");
        assertThat(byId.get("p3").error().toJson()).isEqualTo("timeout: conversation took longer than 600 ms");
        assertThat(byId.get("p4").error().detail()).startsWith("internal error: java.lang.IllegalStateException: prober bug");
        assertThat(summary.unreachable()).isEqualTo(4);
        assertThat(summary.stopReason()).isEqualTo(StopReason.EXHAUSTED);
        assertThat(tookMs).as("the hung conversation costs its deadline and a grace, no more").isLessThan(3000);
        assertThat(prober.closes).hasValue(1);
    }
}
