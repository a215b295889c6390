package io.peercensus.crawl;

import io.peercensus.CrawlConfig;
import io.peercensus.CrawlException;
import io.peercensus.CrawlSummary;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.PeerSource;
import io.peercensus.internal.crawl.PeerStreams;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A {@link PeerSource} run by the {@link CrawlEngine}: a network module supplies the prober and the
 * seeds, this class supplies streaming, sinks and cancellation.
 *
 * <p>Thread-safe: each crawl gets its own engine.
 */
public abstract class EngineCrawler implements PeerSource {
    private final CrawlConfig config;
    /** Whether a crawl took the builder's own sinks, which serve one crawl. */
    private final AtomicBoolean sinksTaken = new AtomicBoolean();
    /** The crawls of this source under way, for {@link #stop}. */
    private final Set<CrawlEngine> running = ConcurrentHashMap.newKeySet();

    /** A crawler for {@code config}. */
    protected EngineCrawler(CrawlConfig config) {
        this.config = config;
    }

    /** The configuration. */
    protected final CrawlConfig config() {
        return config;
    }

    /** A fresh prober for one crawl: the engine closes it ({@link Prober#close()}) when the crawl ends. */
    protected abstract Prober newProber();

    /** The network's waits for each route, before the user's settings apply ({@link CrawlSettings#waitPolicy}). */
    protected abstract WaitPolicy defaultWaits();

    /** The waits of this crawler's crawls: the network's, with the user's settings applied. */
    protected final WaitPolicy waits() {
        return config.settings().waitPolicy(defaultWaits());
    }

    /**
     * The peers a crawl starts from: resolves seeds (DNS) on the crawl's thread.
     *
     * @throws io.peercensus.CrawlException with a one-line message when none can be had
     */
    protected abstract List<ProbeTarget> seeds();

    /**
     * The target to dial for a peer a resumed crawl had queued ({@link CrawlConfig#resume()}): its ID, addresses and
     * source as recorded, its endpoints read from the addresses; {@code null} when none can be dialed.
     */
    protected abstract ProbeTarget requeue(Peer queued);

    private CrawlEngine newEngine() {
        return new CrawlEngine(config.network(), newProber(), config.settings(), defaultWaits(), config.listener(),
                config.clock(), config.resume(), this::requeue);
    }

    @Override
    public Stream<Peer> stream() {
        CrawlEngine engine = newEngine();
        List<PeerSink> sinks = crawlSinks(); // a second use of the builder's sinks fails here, not at the first read
        running.add(engine);
        return PeerStreams.start("peercensus-crawl-" + engine.crawlId().substring(0, 8), sink -> {
            try {
                List<PeerSink> all = new ArrayList<>(sinks);
                all.add(sink);
                return engine.run(this::seeds, all);
            } finally {
                running.remove(engine);
            }
        }, engine::cancel);
    }

    @Override
    public CrawlSummary run(PeerSink sink) {
        Objects.requireNonNull(sink, "sink");
        List<PeerSink> all;
        try {
            all = crawlSinks();
        } catch (CrawlException e) {
            closeQuietly(List.of(sink), e); // run closes the caller's sink, even when the crawl cannot start
            throw e;
        }
        all.add(sink);
        CrawlEngine engine = newEngine();
        running.add(engine);
        try {
            return engine.run(this::seeds, all);
        } finally {
            running.remove(engine);
        }
    }

    @Override
    public void stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        for (CrawlEngine engine : running) {
            engine.stop(grace);
        }
    }

    /**
     * The sinks of one crawl besides the caller's: the builder's own sinks for the first crawl only, and one from
     * each per-crawl supplier.
     *
     * @throws CrawlException when a later crawl would reuse the builder's sinks, closed by the first, or a supplier
     *     fails
     */
    private List<PeerSink> crawlSinks() {
        List<PeerSink> all = new ArrayList<>();
        if (!config.sinks().isEmpty() && !sinksTaken.compareAndSet(false, true)) {
            throw new CrawlException("the sinks given with CrawlerBuilder.sink(PeerSink) serve one crawl and were closed"
                    + " when it ended; give CrawlerBuilder.sink(() -> newSink()) to open sinks for each crawl");
        }
        all.addAll(config.sinks());
        for (Supplier<? extends PeerSink> perCrawl : config.sinksPerCrawl()) {
            PeerSink sink;
            try {
                sink = Objects.requireNonNull(perCrawl.get(), "a sink supplier returned null");
            } catch (RuntimeException e) {
                closeQuietly(all, e);
                throw new CrawlException("cannot open a sink for the crawl: " + e.getMessage(), e);
            }
            all.add(sink);
        }
        return all;
    }

    private static void closeQuietly(List<PeerSink> sinks, Exception cause) {
        for (PeerSink s : sinks) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
