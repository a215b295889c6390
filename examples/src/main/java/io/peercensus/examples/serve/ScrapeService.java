package io.peercensus.examples.serve;

import io.peercensus.CrawlerBuilder;
import io.peercensus.Network;
import io.peercensus.PeerSink;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.JdbcSink;
import io.peercensus.sink.NdjsonSink;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The scrape service: crawls one or more networks in monitor mode and serves what it sees over HTTP/1.1 (Jetty's
 * NIO server on a bounded pool of worker threads). {@code GET /peers} streams observations as NDJSON to up to
 * {@link Builder#maxSubscribers(int) a set number} of clients, {@code /crawls}, {@code /crawls/{id}/peers},
 * {@code /stats} and {@code /metrics} describe the crawls, and {@code /} is a dashboard.
 *
 * <p>Limits: request headers must arrive within {@link Builder#headerTimeout(Duration)} of their first byte and
 * fit in 8 KB (larger get 431); a connection idle for 30 s is closed; a feed client's slot is freed as soon as its
 * connection closes. With {@link Builder#token(String)} every route but {@code /metrics} needs the token.
 *
 * <pre>{@code
 * try (ScrapeService service = ScrapeService.builder()
 *         .crawl(Network.BITCOIN, () -> Crawlers.bitcoin()).database(Path.of("crawls.db")).bind()) {
 *     service.startCrawls();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} is graceful and quick (about two seconds at most): it cancels the running crawls
 * (their databases commit and record the end), ends every feed cleanly, waits briefly for clients to get the end,
 * and stops the server.
 */
public final class ScrapeService implements AutoCloseable {
    /** How long {@link #close()} waits for the crawls to stop, then for feed clients to get their end. */
    private static final Duration CRAWL_STOP = Duration.ofMillis(1500);
    private static final Duration FEED_END = Duration.ofMillis(500);

    private final HttpListener http;
    private final FeedBroadcast feed;
    private final Semaphore storedStreams;
    private final Map<Network, NetworkStats> stats = new LinkedHashMap<>();
    private final List<CrawlMonitor> monitors = new ArrayList<>();
    private final List<Thread> monitorThreads = new ArrayList<>();
    private final String storeUrl;
    private final int maxSubscribers;
    private final Clock clock;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean crawling;
    private boolean closing;

    private ScrapeService(Builder b) throws IOException {
        this.feed = new FeedBroadcast(b.bufferLines);
        this.maxSubscribers = b.maxSubscribers;
        this.clock = b.clock;
        this.storeUrl = b.sqlite != null ? "jdbc:sqlite:" + b.sqlite.toAbsolutePath() : b.jdbcUrl;
        this.storedStreams = new Semaphore(Math.max(1, b.threads / 4));
        for (Map.Entry<Network, Supplier<CrawlerBuilder>> e : b.crawls.entrySet()) {
            NetworkStats s = new NetworkStats(e.getKey(), clock);
            stats.put(e.getKey(), s);
            monitors.add(new CrawlMonitor(e.getValue(), () -> openStores(b), feed, s, b.maxCrawls, b.pause, b.log));
        }
        BearerToken token = b.token == null ? null : BearerToken.of(b.token);
        this.http = new HttpListener(b.address, b.threads, b.headerTimeout, new Routes(this, token), new JsonErrors(),
                feed::sweep);
        InetAddress host = b.address.getAddress();
        if (!host.isLoopbackAddress()) {
            b.log.println("peercensus serve: WARNING: listening on " + host.getHostAddress() + ", reachable from other"
                    + " machines over plain HTTP" + (token == null
                            ? " with no authentication: anyone who reaches it reads every crawl and can hold feed"
                                    + " connections; set a token (--token or PEERCENSUS_TOKEN) or --bind 127.0.0.1"
                            : "; the token travels in clear text: put a TLS proxy in front"));
        }
    }

    /** A builder: at least one network to crawl; listens on 127.0.0.1:3000 unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts crawling every network, each on its own thread, crawl after crawl. Idempotent. */
    public synchronized void startCrawls() {
        if (crawling || closing) {
            return;
        }
        crawling = true;
        int i = 0;
        for (CrawlMonitor m : monitors) {
            Thread t = new Thread(m, "peercensus-monitor-" + stats.keySet().toArray(new Network[0])[i++].name());
            t.setDaemon(true);
            monitorThreads.add(t);
            t.start();
        }
    }

    /** The address the server listens on (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return http.address();
    }

    /** The base URI, such as {@code http://127.0.0.1:3000/}. */
    public URI uri() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /**
     * Waits until every network has ended at least {@code n} crawls (or stopped crawling).
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitCrawls(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CrawlMonitor m : monitors) {
            if (!m.awaitCrawls(n, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops gracefully; see the class comment. Later calls wait for the first to finish. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            closing = true;
        }
        try {
            long crawlsStopped = System.nanoTime() + CRAWL_STOP.toNanos();
            List<Thread> stopping = new ArrayList<>();
            for (CrawlMonitor m : monitors) { // at once: each stop waits for its crawl's sinks to close
                Thread t = new Thread(m::stop, "peercensus-stop");
                t.setDaemon(true);
                t.start();
                stopping.add(t);
            }
            stopping.addAll(monitorThreads);
            for (Thread t : stopping) {
                TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, crawlsStopped - System.nanoTime()));
            }
            feed.close();
            feed.awaitNoSubscribers(FEED_END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.close();
            closed.countDown();
        }
    }

    // ---- for the routes ----

    FeedBroadcast feed() {
        return feed;
    }

    List<Network> networks() {
        return List.copyOf(stats.keySet());
    }

    int maxSubscribers() {
        return maxSubscribers;
    }

    /** Where feed writes are started: the server's worker threads. */
    Executor executor() {
        return http.executor();
    }

    /** Permits for the stored crawls being written at once, each on a worker thread. */
    Semaphore storedStreams() {
        return storedStreams;
    }

    boolean hasStore() {
        return storeUrl != null;
    }

    CrawlStore openStore() throws IOException {
        return CrawlStore.open(storeUrl);
    }

    /** The crawls: from the database when there is one (all it holds), else those this process ran. */
    List<StoredCrawl> crawls() throws IOException {
        if (hasStore()) {
            try (CrawlStore store = openStore()) {
                return store.crawls();
            } catch (java.nio.file.NoSuchFileException e) {
                return List.of();
            }
        }
        List<StoredCrawl> all = new ArrayList<>();
        stats.values().forEach(s -> all.addAll(s.crawls()));
        all.sort(NetworkStats.byStart());
        return all;
    }

    List<NetworkStats.Snapshot> snapshots() {
        return stats.values().stream().map(NetworkStats::snapshot).toList();
    }

    StatsJson.FeedCounts feedCounts() {
        return new StatsJson.FeedCounts(feed.subscribers(), feed.droppedSubscribers(), feed.servedSubscribers(),
                feed.published(), feed.capacity());
    }

    byte[] statsJson() {
        return StatsJson.stats(clock.instant(), feedCounts(), snapshots());
    }

    byte[] metricsText() {
        return MetricsText.render(snapshots(), feedCounts());
    }

    private static List<PeerSink> openStores(Builder b) throws IOException {
        List<PeerSink> sinks = new ArrayList<>();
        try {
            if (b.sqlite != null) {
                sinks.add(JdbcSink.sqlite(b.sqlite).keepCrawls(b.keepCrawls));
            } else if (b.jdbcUrl != null) {
                sinks.add(JdbcSink.open(b.jdbcUrl).keepCrawls(b.keepCrawls));
            }
            if (b.ndjsonOut != null) {
                sinks.add(NdjsonSink.to(b.ndjsonOut).flushEachLine(true));
            } else if (b.ndjson != null) {
                sinks.add(NdjsonSink.appendTo(b.ndjson));
            }
        } catch (IOException | RuntimeException e) {
            for (PeerSink s : sinks) {
                try {
                    s.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return sinks;
    }

    /** Settings of a {@link ScrapeService}. Not thread-safe. */
    public static final class Builder {
        /** The longest pause between crawls. */
        public static final Duration LONGEST = Duration.ofDays(365);

        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 3000);
        private final Map<Network, Supplier<CrawlerBuilder>> crawls = new LinkedHashMap<>();
        private Path sqlite;
        private String jdbcUrl;
        private int keepCrawls;
        private Path ndjson;
        private OutputStream ndjsonOut;
        private int maxCrawls;
        private Duration pause = Duration.ZERO;
        private int bufferLines = 4096;
        private int maxSubscribers = 1000;
        private PrintStream log = System.err;
        private Clock clock = Clock.systemUTC();
        private Duration headerTimeout = Duration.ofSeconds(10);
        private int threads = 32;
        private String token;

        private Builder() {
        }

        /** Where to listen (default 127.0.0.1:3000; port 0 picks a free one). */
        public Builder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Crawls {@code network} again and again; {@code builders} makes a fresh, configured builder for each crawl
         * (the service adds its own sinks and listener to it).
         */
        public Builder crawl(Network network, Supplier<CrawlerBuilder> builders) {
            if (crawls.put(Objects.requireNonNull(network, "network"), Objects.requireNonNull(builders, "builders")) != null) {
                throw new IllegalArgumentException("network " + network + " given twice");
            }
            return this;
        }

        /** Stores every crawl in this SQLite file; {@code /crawls} and {@code /crawls/{id}/peers} read it. */
        public Builder database(Path file) {
            this.sqlite = file;
            return this;
        }

        /**
         * Keeps only the newest {@code crawls} finished crawls of each network in the database (default 0: all); see
         * {@link JdbcSink#keepCrawls(int)}.
         */
        public Builder keepCrawls(int crawls) {
            if (crawls < 0) {
                throw new IllegalArgumentException("keepCrawls must be 0 (all) or more, got " + crawls);
            }
            this.keepCrawls = crawls;
            return this;
        }

        /** Stores every crawl in the database at this JDBC URL instead. */
        public Builder jdbc(String url) {
            this.jdbcUrl = url;
            return this;
        }

        /** Appends every observation to this NDJSON file too. */
        public Builder ndjson(Path file) {
            this.ndjson = file;
            return this;
        }

        /** Writes every observation as NDJSON to this stream too (never closed by the service). */
        public Builder ndjson(OutputStream out) {
            this.ndjsonOut = out;
            return this;
        }

        /** Stops crawling (but keeps serving) after this many crawls per network; 0 (the default) never stops. */
        public Builder maxCrawls(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("crawls must not be negative, got " + n);
            }
            this.maxCrawls = n;
            return this;
        }

        /** Waits this long between crawls (default none; at most {@link #LONGEST}). */
        public Builder pause(Duration pause) {
            this.pause = within("pause", pause, Duration.ZERO, LONGEST);
            return this;
        }

        /** How many lines a feed client may fall behind before it is disconnected (default 4096). */
        public Builder subscriberBuffer(int lines) {
            this.bufferLines = lines;
            return this;
        }

        /** The most feed clients at once (default 1000, at least 1); more get 503 with {@code Retry-After}. */
        public Builder maxSubscribers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("the most feed clients must be at least 1, got " + n);
            }
            this.maxSubscribers = n;
            return this;
        }

        /**
         * How long a request's line and headers may take to arrive, from their first byte (default 10 s, from
         * 10 ms to 1 h); a connection that takes longer is closed.
         */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = within("header timeout", timeout, Duration.ofMillis(10), Duration.ofHours(1));
            return this;
        }

        /**
         * Worker threads of the HTTP server (default 32, from 8 to 1000). Feed clients hold none; a stored crawl
         * being written holds one, and at most a quarter of them do.
         */
        public Builder threads(int n) {
            if (n < 8 || n > 1000) {
                throw new IllegalArgumentException("HTTP threads must be from 8 to 1000, got " + n);
            }
            this.threads = n;
            return this;
        }

        /**
         * Requires this bearer token on every route but {@code /metrics} (default none): {@code Authorization:
         * Bearer TOKEN}, or the cookie that opening {@code /?token=TOKEN} sets for the dashboard. 16 to 256
         * characters: letters, digits and {@code . _ ~ + / = -}.
         *
         * @throws IllegalArgumentException when the token has another form
         */
        public Builder token(String token) {
            BearerToken.of(token); // checks its form
            this.token = token;
            return this;
        }

        /** Where one-line crawl reports go (default stderr). */
        public Builder log(PrintStream log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** The clock of {@code /stats} times (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts the HTTP server, without crawling yet: call {@link ScrapeService#startCrawls()}.
         *
         * @throws BindException with a one-line message when the address is taken
         * @throws IOException with a one-line message when a database or file to store crawls in cannot be opened
         * @throws IllegalArgumentException when no network was given, or one cannot be crawled (unknown network,
         *     bad crawl option)
         */
        public ScrapeService bind() throws IOException {
            if (crawls.isEmpty()) {
                throw new IllegalArgumentException("serve needs at least one network to crawl");
            }
            for (Supplier<CrawlerBuilder> b : crawls.values()) {
                b.get().build(); // an unknown network or a bad option fails here, once, not at every crawl
            }
            for (PeerSink store : openStores(this)) { // an unusable database fails here, not at every crawl
                store.close();
            }
            return new ScrapeService(this);
        }

        /** {@link #bind()}, then {@link ScrapeService#startCrawls()}. */
        public ScrapeService start() throws IOException {
            ScrapeService s = bind();
            s.startCrawls();
            return s;
        }
    }

    private static Duration within(String what, Duration d, Duration least, Duration most) {
        Objects.requireNonNull(d, what);
        if (d.compareTo(least) < 0 || d.compareTo(most) > 0) {
            throw new IllegalArgumentException("the " + what + " must be from " + text(least) + " to " + text(most)
                    + ", got " + text(d));
        }
        return d;
    }

    /** {@code 250ms}, {@code 10s}, {@code 365d}: as the command line takes durations. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms != 0) {
            return ms / 86_400_000 + "d";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
