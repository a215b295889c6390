package io.peercensus.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.CrawlConfig;
import io.peercensus.CrawlException;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlerBuilder;
import io.peercensus.Crawlers;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.PeerSource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, the library contract as a first-time user meets it: settings checked when the source is built, with the
 * library's words; one {@link CrawlException} shape whether the crawl is streamed or run; a summary that survives a
 * sink failing as it closes; a source that runs several crawls.
 */
class LibraryContractTest {
    private final FakeNetwork net = new FakeNetwork(60, 3, 5);

    /** A source over {@link FakeNetwork}, as a network module would make it from the builder's configuration. */
    private final class FakeCrawler extends EngineCrawler {
        FakeCrawler(CrawlConfig config) {
            super(config);
        }

        @Override
        protected Prober newProber() {
            return net::reachable;
        }

        @Override
        protected WaitPolicy defaultWaits() {
            return WaitPolicy.everywhere(Waits.ofSeconds(5, 5, 5));
        }

        @Override
        protected List<ProbeTarget> seeds() {
            return List.of(FakeNetwork.target(0, null));
        }

        @Override
        protected ProbeTarget requeue(Peer queued) {
            return FakeNetwork.target(FakeNetwork.index(queued.peerID()), queued.source());
        }
    }

    private static CrawlerBuilder builder() {
        return Crawlers.bitcoin().loopbackOnly(true).seed("127.0.0.1:8333");
    }

    private PeerSource source(CrawlerBuilder b) {
        return new FakeCrawler(b.config());
    }

    @Test
    void networkNamesOfTheCommandLineAreAliases() {
        assertThat(Crawlers.bitcoin().network("mainnet").config().network()).isEqualTo(Network.BITCOIN);
        assertThat(Crawlers.bitcoin().network("testnet4").config().network()).isEqualTo(Network.BITCOIN_TESTNET4);
        assertThat(Crawlers.bitcoin().network("regtest").config().network()).isEqualTo(Network.BITCOIN_REGTEST);
        assertThat(Crawlers.bitcoin().network("bitcoin-signet").config().network()).isEqualTo(Network.BITCOIN_SIGNET);
    }

    @Test
    void nullArgumentsAreNamed() {
        assertThatThrownBy(() -> Crawlers.bitcoin().network((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> Crawlers.bitcoin().network((Network) null)).hasMessage("network");
        assertThatThrownBy(() -> Crawlers.bitcoin().seeds(null)).hasMessage("seeds");
        assertThatThrownBy(() -> Crawlers.bitcoin().seed(null)).hasMessage("seed");
        assertThatThrownBy(() -> Crawlers.bitcoin().waits(null)).hasMessage("waits");
        assertThatThrownBy(() -> source(builder()).run(null)).isInstanceOf(NullPointerException.class).hasMessage("sink");
    }

    @Test
    void waitsTooShortToHoldAConnectOrAConversationShorterThanItsWaitsAreRefused() {
        assertThatThrownBy(() -> Crawlers.bitcoin().timeout(Duration.ofNanos(1)).config())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be at least 10 ms, got 1 ns");
        assertThatThrownBy(() -> Crawlers.bitcoin().timeout(Duration.ofSeconds(5))
                .conversationTimeout(Duration.ofSeconds(2)).config())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conversation timeout (2 s) must be at least the timeout (5 s): a conversation holds several waits");
    }

    private static PeerSink failingOnAccept() {
        return peer -> {
            throw new IOException("disk full");
        };
    }

    @Test
    void aSinkFailureHasOneShapeWhetherStreamedOrRun() {
        CrawlException fromRun = org.junit.jupiter.api.Assertions.assertThrows(CrawlException.class,
                () -> source(builder()).run(failingOnAccept()));
        CrawlException fromStream = org.junit.jupiter.api.Assertions.assertThrows(CrawlException.class, () -> {
            try (Stream<Peer> s = source(builder().sink(failingOnAccept())).stream()) {
                s.count();
            }
        });
        for (CrawlException e : List.of(fromRun, fromStream)) {
            assertThat(e).hasMessage("sink failed: disk full");
            assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessage("disk full");
            assertThat(e.summary()).isEmpty();
        }
    }

    @Test
    void theSummarySurvivesASinkThatFailsAsItCloses() {
        AtomicInteger accepted = new AtomicInteger();
        PeerSink sink = new PeerSink() {
            @Override
            public void accept(Peer peer) {
                accepted.incrementAndGet();
            }

            @Override
            public void close() throws IOException {
                throw new IOException("cannot sync");
            }
        };
        CrawlException e = org.junit.jupiter.api.Assertions.assertThrows(CrawlException.class,
                () -> source(builder()).run(sink));
        assertThat(e).hasMessage("sink failed: cannot sync");
        assertThat(e.summary()).hasValueSatisfying(s -> {
            assertThat(s.reachable()).isEqualTo(60).isEqualTo(accepted.get());
            assertThat(s.stopReason()).isEqualTo(CrawlSummary.StopReason.EXHAUSTED);
        });
    }

    @Test
    void aSourceRunsSeveralCrawlsWithSinksMadeForEach() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        PeerSource source = source(builder().sink(() -> {
            opened.incrementAndGet();
            return new PeerSink() {
                @Override
                public void accept(Peer peer) {
                    accepted.incrementAndGet();
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }));
        assertThat(source.run(peer -> { }).reachable()).isEqualTo(60);
        try (Stream<Peer> a = source.stream(); Stream<Peer> b = source.stream()) { // two at once
            assertThat(a.count()).isEqualTo(60);
            assertThat(b.count()).isEqualTo(60);
        }
        assertThat(opened).hasValue(3);
        assertThat(closed).hasValue(3);
        assertThat(accepted).hasValue(180);
    }

    @Test
    void aSinkGivenAsAnInstanceServesOneCrawlAndASecondCrawlSaysSo() {
        AtomicInteger accepted = new AtomicInteger();
        PeerSource source = source(builder().sink(peer -> accepted.incrementAndGet()));
        source.run(peer -> { });
        assertThatThrownBy(() -> source.run(peer -> { })).isInstanceOf(CrawlException.class)
                .hasMessage("the sinks given with CrawlerBuilder.sink(PeerSink) serve one crawl and were closed when it"
                        + " ended; give CrawlerBuilder.sink(() -> newSink()) to open sinks for each crawl");
        assertThatThrownBy(source::stream).isInstanceOf(CrawlException.class);
        assertThat(accepted).hasValue(60);
    }
}
