package io.peercensus.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.ConversationEnd;
import io.peercensus.CrawlListener;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlSummary.StopReason;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Conversations past their handshake: they give up their dialing slot and keep only a socket, and the peers they
 * name reach the frontier before they end.
 */
class ReachedConversationsTest {

    /** Each peer completes its handshake at once, names its neighbours, and answers only when the crawl asks. */
    private static final class Stragglers implements AsyncProber {
        final Map<String, CompletableFuture<ProbeResult>> waiting = new ConcurrentHashMap<>();
        final Map<String, ProbeContext> contexts = new ConcurrentHashMap<>();
        final List<String> began = java.util.Collections.synchronizedList(new ArrayList<>());
        final FakeNetwork net;
        final boolean handshakes;

        Stragglers(FakeNetwork net, boolean handshakes) {
            this.net = net;
            this.handshakes = handshakes;
        }

        @Override
        public CompletionStage<ProbeResult> begin(ProbeTarget target, ProbeContext context) {
            began.add(target.peerID());
            CompletableFuture<ProbeResult> result = new CompletableFuture<>();
            waiting.put(target.peerID(), result);
            contexts.put(target.peerID(), context);
            if (handshakes) {
                context.reached();
                ProbeResult r = net.reachable(target, context);
                context.discovered(r.neighbours()); // named now; the conversation goes on
                if (began.size() == net.size) {
                    finishAll(); // every peer was dialed though none of the conversations had ended
                }
            }
            return result;
        }

        void finishAll() {
            waiting.forEach((id, result) -> {
                ProbeContext c = contexts.get(id);
                ProbeResult r = net.reachable(new ProbeTarget(id, List.of(), List.of(), null), c);
                c.ended(ConversationEnd.ANSWER_WAIT);
                Peer late = r.observation().toBuilder().endedEarly(io.peercensus.ErrorClass.TIMEOUT, "no answer").build();
                result.complete(new ProbeResult(late, List.of(),
                        r.neighbours().stream().map(ProbeTarget::peerID).toList()));
            });
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aReachedPeerGivesItsDialingSlotToTheNextAndItsNeighboursAreQueuedAtOnce() {
        FakeNetwork net = new FakeNetwork(40, 3, 7);
        Stragglers prober = new Stragglers(net, true);
        RecordingSink sink = new RecordingSink();
        CrawlSummary summary = new CrawlEngine(FakeNetwork.NETWORK, prober,
                CrawlSettings.builder().loopbackOnly(true).concurrency(1).build(), CrawlListener.NONE, Clock.systemUTC())
                .run(() -> List.of(FakeNetwork.target(0, null)), List.of(sink));

        assertThat(summary.stopReason()).isEqualTo(StopReason.EXHAUSTED);
        assertThat(prober.began).as("all 40 dialed one at a time, each while the others still waited").hasSize(40);
        assertThat(summary.reachable()).isEqualTo(40);
        assertThat(sink.byId().values()).allSatisfy(p -> {
            assertThat(p.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.error().toJson()).isEqualTo("timeout: no answer");
        });
        assertThat(sink.edges.get("p5")).containsExactlyInAnyOrderElementsOf(net.neighbours.get(5).stream().map(FakeNetwork::id).toList());
        assertThat(summary.endings(ConversationEnd.ANSWER_WAIT)).isEqualTo(40);
        assertThat(summary.endings()).containsEntry(ConversationEnd.ANSWERED, 0L);
    }

    @Test
    void withoutAHandshakeAConversationKeepsItsSlot() throws Exception {
        FakeNetwork net = new FakeNetwork(5, 2, 7);
        Stragglers prober = new Stragglers(net, false);
        CrawlEngine engine = new CrawlEngine(FakeNetwork.NETWORK, prober,
                CrawlSettings.builder().loopbackOnly(true).concurrency(1).build(), CrawlListener.NONE, Clock.systemUTC());
        CompletableFuture<CrawlSummary> run = CompletableFuture.supplyAsync(() -> engine.run(
                () -> List.of(FakeNetwork.target(0, null), FakeNetwork.target(1, null)), List.of(new RecordingSink())));
        assertThat(io.peercensus.testing.Await.until(java.time.Duration.ofSeconds(5), () -> prober.began.size() == 1))
                .isTrue();
        assertThat(engine.progress().inFlight()).isEqualTo(1);
        assertThat(engine.progress().queued()).as("the second seed waits for the slot").isEqualTo(1);
        assertThat(engine.progress().handshakes()).isZero();
        engine.cancel();
        assertThat(run.get().stopReason()).isEqualTo(StopReason.CLOSED);
        assertThat(prober.began).hasSize(1);
    }
}
