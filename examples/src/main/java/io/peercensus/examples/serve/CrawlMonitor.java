package io.peercensus.examples.serve;

import io.peercensus.CrawlException;
import io.peercensus.CrawlerBuilder;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Monitor mode for one network: crawl after crawl, each with its own run id, each into fresh store sinks, the
 * shared feed and the network's stats, until a crawl limit or {@link #stop()}.
 *
 * <p>Thread-safe: {@link #run()} runs on the monitor's own thread; {@link #stop()} and {@link #finishedCrawls()}
 * may be called from any thread.
 */
final class CrawlMonitor implements Runnable {
    /** The wait before trying again after a crawl that could not start. */
    private static final Duration RETRY = Duration.ofSeconds(10);

    /** Opens the store sinks of one crawl (database, NDJSON file); the crawl closes them when it ends. */
    @FunctionalInterface
    interface Stores {
        List<PeerSink> open() throws IOException;
    }

    private final Supplier<CrawlerBuilder> builders;
    private final Stores stores;
    private final FeedBroadcast feed;
    private final NetworkStats stats;
    private final int maxCrawls;
    private final Duration pause;
    private final PrintStream log;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private Stream<Peer> current;
    private int finished;

    CrawlMonitor(Supplier<CrawlerBuilder> builders, Stores stores, FeedBroadcast feed, NetworkStats stats,
            int maxCrawls, Duration pause, PrintStream log) {
        this.builders = builders;
        this.stores = stores;
        this.feed = feed;
        this.stats = stats;
        this.maxCrawls = maxCrawls;
        this.pause = pause;
        this.log = log;
    }

    @Override
    public void run() {
        while (stopping.getCount() > 0 && (maxCrawls == 0 || finishedCrawls() < maxCrawls)) {
            Duration wait = pause;
            try {
                crawlOnce();
            } catch (CrawlException | IOException | IllegalArgumentException e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                stats.failedToStart(message);
                log.println("peercensus serve: crawl of " + stats.network() + " failed: " + message);
                wait = pause.compareTo(RETRY) < 0 ? RETRY : pause;
            }
            synchronized (this) {
                finished++;
                notifyAll();
            }
            try {
                if (!wait.isZero() && stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (this) {
            finished = Integer.MAX_VALUE; // no more crawls: wake anyone waiting for one
            notifyAll();
        }
    }

    private void crawlOnce() throws IOException {
        CrawlerBuilder builder = builders.get().sink(stats.sink()).sink(feed.sink()).listener(stats.listener());
        List<PeerSink> opened = stores.open();
        opened.forEach(builder::sink);
        Stream<Peer> crawl;
        try {
            crawl = builder.build().stream();
        } catch (RuntimeException e) {
            for (PeerSink s : opened) {
                try {
                    s.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        synchronized (this) {
            if (stopping.getCount() == 0) {
                crawl.close();
                return;
            }
            current = crawl;
        }
        try (crawl) {
            crawl.forEach(p -> { }); // the sinks take every observation; the stream only paces the crawl
        } finally {
            synchronized (this) {
                current = null;
            }
        }
        NetworkStats.Snapshot s = stats.snapshot();
        if (s.crawl() != null && s.finished() != null) {
            log.println(String.format(Locale.ROOT, "peercensus serve: crawl %s of %s %s after %.1f s: %d reachable,"
                    + " %d unreachable, %d discovered", s.crawl().crawlId(), stats.network(),
                    s.stopReason().name().toLowerCase(Locale.ROOT),
                    NetworkStats.elapsed(s, s.finished()).toMillis() / 1000.0,
                    s.count(io.peercensus.PeerStatus.REACHABLE), s.count(io.peercensus.PeerStatus.UNREACHABLE),
                    s.count(io.peercensus.PeerStatus.DISCOVERED)));
        }
    }

    /** Crawls ended so far (finished, cut short or failed); {@link Integer#MAX_VALUE} once the monitor has stopped. */
    synchronized int finishedCrawls() {
        return finished;
    }

    /** Waits until at least {@code n} crawls have ended or the monitor stopped; false on timeout. */
    synchronized boolean awaitCrawls(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (finished < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Stops crawling: cancels the running crawl (its sinks then record its end and close) and starts no other. */
    void stop() {
        stopping.countDown();
        Stream<Peer> crawl;
        synchronized (this) {
            crawl = current;
        }
        if (crawl != null) {
            crawl.close(); // cancels, closes the sinks (committing the database) and waits for the crawl's thread
        }
    }
}
