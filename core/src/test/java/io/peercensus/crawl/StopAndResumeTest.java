package io.peercensus.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.CrawlCheckpoint;
import io.peercensus.CrawlListener;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlSummary.StopReason;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.testing.Await;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: {@link CrawlEngine#stop} ends a crawl gracefully (what ends within the grace is recorded, the rest is
 * not, the sinks finish with {@code STOPPED}), the journal of queued peers holds every peer named before the
 * observation that named it, and a crawl resumed from the journal observes every peer of the network exactly once.
 */
class StopAndResumeTest {
    private static final int SIZE = 400;
    private final FakeNetwork net = new FakeNetwork(SIZE, 4, 7);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHung() {
        release.countDown();
    }

    private static CrawlSettings settings() {
        return CrawlSettings.builder().loopbackOnly(true).concurrency(64).timeout(Duration.ofSeconds(20))
                .conversationTimeout(Duration.ofSeconds(60)).build();
    }

    /** Peers below 40 answer at once, even ones after 100 ms, odd ones hang until aborted. */
    private ProbeResult slowAndHanging(ProbeTarget t, ProbeContext c) throws InterruptedException {
        int i = FakeNetwork.index(t.peerID());
        if (i >= 40 && i % 2 == 1) {
            release.await();
        } else if (i >= 40) {
            Thread.sleep(100);
        }
        return net.reachable(t, c);
    }

    @Test
    void stopRecordsWhatEndsWithinTheGraceAndFinishesTheSinks() throws Exception {
        CrawlEngine engine = new CrawlEngine(FakeNetwork.NETWORK, this::slowAndHanging, settings(), CrawlListener.NONE,
                Clock.systemUTC());
        RecordingSink sink = new RecordingSink();
        CompletableFuture<CrawlSummary> run = CompletableFuture.supplyAsync(
                () -> engine.run(() -> List.of(FakeNetwork.target(0, null)), List.of(sink)));
        assertThat(Await.until(Duration.ofSeconds(10), () -> observed(sink) >= 30)).isTrue();

        long start = System.nanoTime();
        engine.stop(Duration.ofMillis(400));
        CrawlSummary summary = run.get();
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(tookMs).as("run returns soon after the grace").isLessThan(3000);
        assertThat(summary.stopReason()).isEqualTo(StopReason.STOPPED);
        assertThat(sink.finished).isEqualTo(summary);
        assertThat(sink.closed).isEqualTo(1);
        assertThat(sink.byId().keySet()).as("hanging peers are never recorded")
                .noneMatch(id -> FakeNetwork.index(id) >= 40 && FakeNetwork.index(id) % 2 == 1);
        assertThat(summary.reachable()).isEqualTo(sink.peers.size());
        assertThat(sink.peers.size()).as("some peers are still to dial").isLessThan(SIZE);
    }

    @Test
    void theJournalHoldsEveryNamedPeerBeforeTheObservationThatNamedIt() {
        RecordingSink sink = new RecordingSink();
        new CrawlEngine(FakeNetwork.NETWORK, net::reachable, settings(), CrawlListener.NONE, Clock.systemUTC())
                .run(() -> List.of(FakeNetwork.target(0, null)), List.of(sink));

        // A peer a conversation names is journaled before the conversation's observation, or, when another
        // conversation named it first, before that one's observation: a crawl killed at any moment has either the
        // peer in its journal or the peer that named it still to dial.
        Map<String, String> firstNamer = new HashMap<>();
        sink.queued.forEach(q -> firstNamer.put(q.peerID(), q.source()));
        Map<String, Integer> observedAt = new HashMap<>();
        for (int i = 0; i < sink.events.size(); i++) {
            if (sink.events.get(i).startsWith("O:")) {
                observedAt.put(sink.events.get(i).substring(2), i);
            }
        }
        Set<String> journaled = new HashSet<>();
        for (int i = 0; i < sink.events.size(); i++) {
            String event = sink.events.get(i);
            String id = event.substring(2);
            if (event.startsWith("Q:")) {
                journaled.add(id);
                continue;
            }
            for (int n : net.neighbours.get(FakeNetwork.index(id))) {
                String named = FakeNetwork.id(n);
                String namer = firstNamer.get(named);
                assertThat(journaled.contains(named) || namer != null && !namer.equals(id) && observedAt.get(namer) > i)
                        .as("%s named %s, which is neither journaled nor named by a peer still to be observed", id, named)
                        .isTrue();
            }
        }
        assertThat(sink.queued.stream().map(Peer::peerID).distinct().count()).isEqualTo(SIZE);
        assertThat(sink.queued).allMatch(p -> p.status() == PeerStatus.DISCOVERED && !p.addresses().isEmpty());
    }

    @Test
    void aCrawlResumedFromItsJournalObservesEveryPeerExactlyOnce() throws Exception {
        // the first part: stopped with some peers observed, some in flight, many queued
        CrawlEngine first = new CrawlEngine(FakeNetwork.NETWORK, this::slowAndHanging, settings(), CrawlListener.NONE,
                Clock.systemUTC());
        RecordingSink part1 = new RecordingSink();
        CompletableFuture<CrawlSummary> run = CompletableFuture.supplyAsync(
                () -> first.run(() -> List.of(FakeNetwork.target(0, null)), List.of(part1)));
        assertThat(Await.until(Duration.ofSeconds(10), () -> observed(part1) >= 30)).isTrue();
        first.stop(Duration.ZERO);
        CrawlSummary stopped = run.get();
        release.countDown();

        Set<String> observed = part1.peers.stream().map(Peer::peerID).collect(Collectors.toSet());
        List<Peer> left = new ArrayList<>();
        for (Peer q : part1.queued) {
            if (!observed.contains(q.peerID())) {
                left.add(q);
            }
        }
        CrawlCheckpoint checkpoint = new CrawlCheckpoint(first.crawlId(), FakeNetwork.NETWORK,
                stopped.crawl().started(), observed, left, stopped.reachable(), stopped.unreachable(),
                stopped.discovered());

        // the second part, with the same seed: peers already observed are never dialed again
        List<String> dialed = java.util.Collections.synchronizedList(new ArrayList<>());
        CrawlEngine second = new CrawlEngine(FakeNetwork.NETWORK, (t, c) -> {
            dialed.add(t.peerID());
            return net.reachable(t, c);
        }, settings(), WaitPolicy.everywhere(Waits.ofSeconds(5, 5, 5)), CrawlListener.NONE, Clock.systemUTC(),
                checkpoint, p -> FakeNetwork.target(FakeNetwork.index(p.peerID()), p.source()));
        RecordingSink part2 = new RecordingSink();
        CrawlSummary resumed = second.run(() -> List.of(FakeNetwork.target(0, null)), List.of(part2));

        assertThat(second.crawlId()).isEqualTo(first.crawlId());
        assertThat(resumed.crawl().started()).isEqualTo(stopped.crawl().started());
        assertThat(part2.resumed).isEqualTo(1);
        assertThat(resumed.stopReason()).isEqualTo(StopReason.EXHAUSTED);
        assertThat(dialed).doesNotContainAnyElementsOf(observed).doesNotHaveDuplicates();
        Set<String> all = new HashSet<>(observed);
        part2.peers.forEach(p -> assertThat(all.add(p.peerID())).as("observed twice: %s", p.peerID()).isTrue());
        assertThat(all).hasSize(SIZE);
        assertThat(resumed.reachable()).as("counts go on from the checkpoint's").isEqualTo(SIZE);
    }

    @Test
    void aStopBeforeTheCrawlBeginsEndsItAsStopped() {
        CrawlEngine engine = new CrawlEngine(FakeNetwork.NETWORK, (t, c) -> {
            throw new ConnectException("never dialed");
        }, settings(), CrawlListener.NONE, Clock.systemUTC());
        engine.stop(Duration.ofSeconds(1));
        RecordingSink sink = new RecordingSink();
        CrawlSummary summary = engine.run(() -> List.of(FakeNetwork.target(0, null)), List.of(sink));
        assertThat(summary.stopReason()).isEqualTo(StopReason.STOPPED);
        assertThat(sink.peers).isEmpty();
        assertThat(sink.finished).isEqualTo(summary);
    }

    private static int observed(RecordingSink sink) {
        synchronized (sink) {
            return sink.peers.size();
        }
    }
}
