package io.peercensus.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.CrawlListener;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.JdbcSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.peercensus.internal.crawl.PeerStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance: a crawl whose stream is closed early leaves every observation already handed to the sink committed. */
class StreamCloseCommitsTest {

    @Test
    void observationsHandedToTheSinkSurviveAnEarlyClose(@TempDir Path dir) throws IOException {
        Path db = dir.resolve("crawl.db");
        FakeNetwork net = new FakeNetwork(100_000, 3, 11);
        List<String> handed = new ArrayList<>();
        JdbcSink jdbc = JdbcSink.sqlite(db);
        PeerSink counting = new PeerSink() {
            @Override
            public void crawlStarted(io.peercensus.CrawlInfo crawl) throws IOException {
                jdbc.crawlStarted(crawl);
            }

            @Override
            public void accept(Peer peer) throws IOException {
                jdbc.accept(peer);
                synchronized (handed) {
                    handed.add(peer.peerID());
                }
            }

            @Override
            public void close() throws IOException {
                jdbc.close();
            }
        };
        CountDownLatch never = new CountDownLatch(1);
        CrawlEngine engine = new CrawlEngine(FakeNetwork.NETWORK, (t, c) -> {
            int i = FakeNetwork.index(t.peerID());
            if (i % 7 == 3 && i < 300) {
                never.await(); // fewer than the concurrency, under way when the stream closes
            }
            return net.reachable(t, c);
        }, CrawlSettings.builder().loopbackOnly(true).concurrency(64).build(), CrawlListener.NONE, Clock.systemUTC());
        String crawlId;
        try (Stream<Peer> stream = PeerStreams.start("peercensus-crawl-test",
                extra -> engine.run(() -> List.of(FakeNetwork.target(0, null)), List.of(counting, extra)), engine::cancel)) {
            Iterator<Peer> it = stream.iterator();
            for (int i = 0; i < 2_500; i++) {
                it.next();
            }
            crawlId = engine.crawlId();
        }
        Set<String> expected;
        synchronized (handed) {
            expected = Set.copyOf(handed);
            assertThat(handed).hasSizeGreaterThanOrEqualTo(2_500);
        }
        try (CrawlStore store = CrawlStore.sqlite(db); Stream<Peer> stored = store.observations(crawlId)) {
            assertThat(stored.map(Peer::peerID).collect(Collectors.toSet())).isEqualTo(expected);
        }
    }
}
