package io.peercensus.sink;

import io.peercensus.CrawlInfo;
import io.peercensus.CrawlSummary;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.internal.sink.Rows;
import io.peercensus.internal.sink.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Stores crawls, observations and edges in a database: SQLite by default ({@link #sqlite(Path)}), or any JDBC URL
 * whose driver is on the class path, PostgreSQL included ({@link #open(String)}). Read the data back with
 * {@link CrawlStore}.
 *
 * <p>Tables (created when absent, schema version 2; a version 1 database is upgraded, a newer version is refused):
 * {@code crawls} (one row per crawl: id, network, started, finished, settings, stop_reason, reachable, unreachable,
 * discovered, heartbeat), {@code observations} (crawl id, number within the crawl, the {@link Peer} fields; lists and
 * {@code bitcoin} as JSON text), {@code edges} (crawl id, number, from_peer, to_peer) and {@code queued} (crawl id,
 * peer_id, addresses, source: the peers a crawl queued, kept until it finishes, so a stopped or killed crawl can be
 * resumed, see {@link CrawlStore#checkpoint}). Timestamps are ISO-8601 UTC text with nine fraction digits, so they
 * sort and keep nanoseconds.
 *
 * <p>Batching: rows are inserted in transactions of up to {@link #batchRows(int) 1,000 rows}, committed as soon as
 * that many are pending or, at the next call, when the oldest pending row is {@link #commitInterval(Duration) 500 ms}
 * old, and always at {@code crawlStarted}, {@code crawlFinished} and {@link #close()}. While a crawl is under way, a
 * background heartbeat commits what is pending every {@value #HEARTBEAT_SECONDS} s even when no call comes, and
 * records the time in the crawl's {@code heartbeat}: a crawl whose heartbeat stopped was killed. The crawl's counts in
 * {@code crawls} are updated with every commit, so a crawl cut short still reads consistently. Several crawls may
 * follow one another (monitor mode); a crawl started before the previous one finished leaves that one unfinished
 * ({@code finished} null). Several sinks may open one new SQLite or PostgreSQL database at once: one creates the
 * tables, the others wait for it and find them.
 *
 * <p>Text is stored as given, with two exceptions forced by the databases: a lone UTF-16 surrogate becomes U+FFFD
 * (as in {@link PeerJson}), and on databases other than SQLite, whose text cannot hold U+0000 (PostgreSQL), a NUL
 * character in a text column becomes U+FFFD instead of failing the crawl. This holds for every text column, the crawl
 * id and network name included; {@link CrawlStore} maps a crawl id it is asked for the same way, so the id given to
 * the sink finds the crawl. The JSON columns escape NUL and keep it. With PostgreSQL, add
 * {@code reWriteBatchedInserts=true} to the URL for faster batches.
 *
 * <p>Thread-safe: every method is synchronized.
 */
public final class JdbcSink implements PeerSink {
    /** How often a crawl under way commits and records its heartbeat, calls or not. */
    static final int HEARTBEAT_SECONDS = 5;
    /** One daemon thread beats for every sink of the process, and ends a second after the last sink closed. */
    private static final ScheduledThreadPoolExecutor HEARTBEATS = heartbeats();

    private final String url;
    private final Connection connection;
    private final PreparedStatement insertObservation;
    private final PreparedStatement insertEdge;
    private final PreparedStatement insertQueued;
    private ScheduledFuture<?> heartbeat;
    private final LongSupplier nanoTime;
    private final boolean keepNul;
    private int batchRows = 1000;
    /** How many finished crawls of a network to keep, 0 for all. */
    private int keepCrawls;
    private long commitIntervalNanos = Duration.ofMillis(500).toNanos();

    private String crawlId;
    private long observations;
    private long edges;
    private long reachable;
    private long unreachable;
    private long discovered;
    private int pending;
    private long firstPendingAt;
    private boolean closed;

    private JdbcSink(String url, LongSupplier nanoTime) throws IOException {
        this.url = url;
        this.nanoTime = nanoTime;
        this.keepNul = Schema.isSqlite(url);
        this.connection = Schema.connect(url, true);
        try {
            Schema.create(connection, url);
            this.insertObservation = connection.prepareStatement(Rows.INSERT_OBSERVATION);
            this.insertEdge = connection.prepareStatement(Rows.INSERT_EDGE);
            this.insertQueued = connection.prepareStatement(Rows.INSERT_QUEUED);
        } catch (SQLException e) {
            Schema.closeQuietly(connection, e);
            throw Schema.failure("prepare statements for", url, e);
        } catch (IOException | RuntimeException e) {
            Schema.closeQuietly(connection, e);
            throw e;
        }
    }

    /**
     * A sink storing into the SQLite database {@code file}, created when absent (WAL journal, {@code synchronous =
     * NORMAL}).
     *
     * @throws IOException when the file cannot be opened or holds a newer schema version
     */
    public static JdbcSink sqlite(Path file) throws IOException {
        return open("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /**
     * A sink storing into the database at {@code jdbcUrl}, such as {@code jdbc:postgresql://host/db?user=u}. The
     * driver must be on the class path (SQLite's is a dependency of peercensus-core; add
     * {@code org.postgresql:postgresql} for PostgreSQL).
     *
     * @throws IOException when no driver takes the URL, the connection fails, or the schema is newer
     */
    public static JdbcSink open(String jdbcUrl) throws IOException {
        return new JdbcSink(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), System::nanoTime);
    }

    /** As {@link #open(String)}, reading the time for the commit interval from {@code nanoTime} (tests). */
    static JdbcSink open(String jdbcUrl, LongSupplier nanoTime) throws IOException {
        return new JdbcSink(jdbcUrl, nanoTime);
    }

    /** Commits when this many rows are pending (default 1,000, at least 1). Returns this sink. */
    public synchronized JdbcSink batchRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("batchRows must be at least 1, got " + rows);
        }
        this.batchRows = rows;
        return this;
    }

    /** Commits at the next call once the oldest pending row is this old (default 500 ms). Returns this sink. */
    public synchronized JdbcSink commitInterval(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must not be negative, got " + interval);
        }
        this.commitIntervalNanos = interval.toNanos();
        return this;
    }

    /**
     * Keeps only the newest {@code crawls} finished crawls of each network this sink records (default 0: all): when a
     * crawl finishes, older finished crawls of its network are deleted with their observations and edges. Crawls that
     * were stopped or never finished are kept, since they can be resumed. For monitor mode, whose database otherwise
     * grows by a crawl each round. SQLite reuses the freed pages; its file does not shrink without {@code VACUUM}.
     * Returns this sink.
     */
    public synchronized JdbcSink keepCrawls(int crawls) {
        if (crawls < 0) {
            throw new IllegalArgumentException("keepCrawls must be 0 (all) or more, got " + crawls);
        }
        this.keepCrawls = crawls;
        return this;
    }

    /**
     * Records the crawl in {@code crawls} and commits; later observations and edges belong to it.
     *
     * @throws IOException when the id is already stored (saying so), or the database fails
     */
    @Override
    public synchronized void crawlStarted(CrawlInfo crawl) throws IOException {
        ensureOpen();
        if (crawlId != null) {
            commit();
        }
        crawlId = null;
        try (PreparedStatement s = connection.prepareStatement(Rows.INSERT_CRAWL)) {
            Rows.bindCrawl(s, crawl, keepNul);
            s.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollback(e);
            if (isStored(crawl.crawlId(), e)) {
                throw new IOException("cannot record crawl " + crawl.crawlId() + " in database " + Schema.redact(url)
                        + ": the id is already stored", e);
            }
            throw Schema.failure("record crawl " + crawl.crawlId() + " in", url, e);
        }
        crawlId = crawl.crawlId();
        observations = 0;
        edges = 0;
        reachable = 0;
        unreachable = 0;
        discovered = 0;
        beat();
    }

    /**
     * Continues the stored crawl {@code crawl}: reopens its row ({@code finished} and {@code stop_reason} null again)
     * and numbers later observations and edges after those stored; commits.
     *
     * @throws IOException when the crawl is not stored, finished other than stopped, or the database fails
     */
    @Override
    public synchronized void crawlResumed(CrawlInfo crawl) throws IOException {
        ensureOpen();
        if (crawlId != null) {
            commit();
        }
        crawlId = null;
        String id = crawl.crawlId();
        try {
            try (PreparedStatement s = connection.prepareStatement(Rows.SELECT_RESUMABLE)) {
                Rows.setText(s, 1, id, keepNul);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new IOException("cannot resume crawl " + id + ": database " + Schema.redact(url)
                                + " does not hold it");
                    }
                    String stopReason = r.getString(2);
                    if (r.getString(1) != null && !"stopped".equals(stopReason)) {
                        throw new IOException("cannot resume crawl " + id + ": it finished (" + stopReason + ")");
                    }
                    reachable = r.getLong(3);
                    unreachable = r.getLong(4);
                    discovered = r.getLong(5);
                }
            }
            try (PreparedStatement s = connection.prepareStatement(Rows.NEXT_IDS)) {
                Rows.setText(s, 1, id, keepNul);
                Rows.setText(s, 2, id, keepNul);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    observations = r.getLong(1);
                    edges = r.getLong(2);
                }
            }
            try (PreparedStatement s = connection.prepareStatement(Rows.REOPEN_CRAWL)) {
                Rows.setText(s, 1, Rows.timestamp(Instant.now()), keepNul);
                Rows.setText(s, 2, id, keepNul);
                s.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            rollback(e);
            throw Schema.failure("resume crawl " + id + " in", url, e);
        } catch (IOException e) {
            try {
                connection.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        }
        crawlId = id;
        beat();
    }

    /** Adds {@code peer} to the current batch of the crawl's journal of queued peers. */
    @Override
    public synchronized void queued(Peer peer) throws IOException {
        ensureCrawl();
        try {
            Rows.setText(insertQueued, 1, crawlId, keepNul);
            Rows.setText(insertQueued, 2, peer.peerID(), keepNul);
            Rows.setText(insertQueued, 3, Rows.stringsJson(peer.addresses()), keepNul);
            Rows.setText(insertQueued, 4, peer.source(), keepNul);
            insertQueued.addBatch();
        } catch (SQLException e) {
            throw Schema.failure("insert into", url, e);
        }
        added(1);
    }

    private static ScheduledThreadPoolExecutor heartbeats() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(0, r -> {
            Thread t = new Thread(r, "peercensus-jdbc-heartbeat");
            t.setDaemon(true);
            return t;
        });
        e.setKeepAliveTime(1, TimeUnit.SECONDS);
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /** Starts the heartbeat of the crawl under way, once per sink. */
    private void beat() {
        if (heartbeat == null) {
            heartbeat = HEARTBEATS.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    /** Deletes the finished crawls of {@code network} older than the newest {@link #keepCrawls}, in this transaction. */
    private void prune(String network) throws SQLException {
        List<String> old = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(Rows.SELECT_PRUNABLE)) {
            Rows.setText(s, 1, network, keepNul);
            try (ResultSet r = s.executeQuery()) {
                for (int n = 0; r.next(); n++) {
                    if (n >= keepCrawls) {
                        old.add(r.getString(1));
                    }
                }
            }
        }
        for (String id : old) {
            delete(Rows.DELETE_EDGES, id);
            delete(Rows.DELETE_OBSERVATIONS, id);
            delete(Rows.DELETE_QUEUED, id);
            delete(Rows.DELETE_CRAWL, id);
        }
    }

    private void delete(String sql, String crawlId) throws SQLException {
        try (PreparedStatement d = connection.prepareStatement(sql)) {
            Rows.setText(d, 1, crawlId, keepNul);
            d.executeUpdate();
        }
    }

    /** Commits what is pending and records the heartbeat, while a crawl is under way; a failure waits for the next call. */
    private synchronized void heartbeat() {
        if (closed || crawlId == null) {
            return;
        }
        try {
            commit();
        } catch (IOException e) {
            // the crawl's next call commits again and reports the failure to the crawl, which stops it
        }
    }

    /**
     * Adds {@code peer} to the current batch.
     *
     * @throws IllegalStateException when no crawl has started
     * @throws IOException when the database fails (the pending batch is then lost)
     */
    @Override
    public synchronized void accept(Peer peer) throws IOException {
        ensureCrawl();
        try {
            Rows.bindObservation(insertObservation, crawlId, observations, peer, keepNul);
            insertObservation.addBatch();
        } catch (SQLException e) {
            throw Schema.failure("insert into", url, e);
        }
        observations++;
        switch (peer.status()) {
            case REACHABLE -> reachable++;
            case UNREACHABLE -> unreachable++;
            case DISCOVERED -> discovered++;
        }
        added(1);
    }

    /**
     * Adds one edge per element of {@code to} to the current batch.
     *
     * @throws IllegalStateException when no crawl has started
     */
    @Override
    public synchronized void edges(String from, List<String> to) throws IOException {
        ensureCrawl();
        if (to.isEmpty()) {
            return;
        }
        try {
            for (String t : to) {
                Rows.setText(insertEdge, 1, crawlId, keepNul);
                insertEdge.setLong(2, edges++);
                Rows.setText(insertEdge, 3, from, keepNul);
                Rows.setText(insertEdge, 4, t, keepNul);
                insertEdge.addBatch();
            }
        } catch (SQLException e) {
            throw Schema.failure("insert into", url, e);
        }
        added(to.size());
    }

    /** Commits what is pending and records the summary's end time, stop reason and counts. */
    @Override
    public synchronized void crawlFinished(CrawlSummary summary) throws IOException {
        ensureOpen();
        String id = summary.crawl().crawlId();
        if (id.equals(crawlId)) {
            commit();
            crawlId = null;
        }
        boolean resumable = summary.stopReason() == CrawlSummary.StopReason.STOPPED;
        try (PreparedStatement s = connection.prepareStatement(Rows.FINISH_CRAWL)) {
            Rows.setText(s, 1, Rows.timestamp(summary.finished()), keepNul);
            Rows.setText(s, 2, summary.stopReason().name().toLowerCase(Locale.ROOT), keepNul);
            s.setLong(3, summary.reachable());
            s.setLong(4, summary.unreachable());
            s.setLong(5, summary.discovered());
            Rows.setText(s, 6, id, keepNul);
            if (s.executeUpdate() != 1) {
                connection.rollback();
                throw new IOException("crawl " + id + " finished but was never started in " + Schema.redact(url));
            }
            if (!resumable) {
                delete(Rows.DELETE_QUEUED, id); // the journal is only needed to resume
            }
            if (keepCrawls > 0) {
                prune(summary.crawl().network().name());
            }
            connection.commit();
        } catch (SQLException e) {
            rollback(e);
            throw Schema.failure("record the end of crawl " + id + " in", url, e);
        }
    }

    /**
     * Commits every accepted row (a crawl not finished keeps {@code finished} null) and closes the connection.
     * Later calls do nothing.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        IOException failure = null;
        try {
            if (crawlId != null) {
                commit();
            }
        } catch (IOException e) {
            failure = e;
        }
        try {
            insertObservation.close();
            insertEdge.close();
            insertQueued.close();
            connection.close();
        } catch (SQLException e) {
            IOException closing = Schema.failure("close", url, e);
            if (failure == null) {
                failure = closing;
            } else {
                failure.addSuppressed(closing);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void added(int rows) throws IOException {
        long now = nanoTime.getAsLong();
        if (pending == 0) {
            firstPendingAt = now;
        }
        pending += rows;
        if (pending >= batchRows || now - firstPendingAt >= commitIntervalNanos) {
            commit();
        }
    }

    /** Inserts the batches, updates the crawl's counts and commits. */
    private void commit() throws IOException {
        int rows = pending;
        try {
            insertObservation.executeBatch();
            insertEdge.executeBatch();
            insertQueued.executeBatch();
            try (PreparedStatement s = connection.prepareStatement(Rows.UPDATE_COUNTS)) {
                s.setLong(1, reachable);
                s.setLong(2, unreachable);
                s.setLong(3, discovered);
                Rows.setText(s, 4, Rows.timestamp(Instant.now()), keepNul);
                Rows.setText(s, 5, crawlId, keepNul);
                s.executeUpdate();
            }
            connection.commit();
            pending = 0;
        } catch (SQLException e) {
            rollback(e);
            throw Schema.failure("commit " + rows + " rows of crawl " + crawlId + " to", url, e);
        }
    }

    /** Whether crawl {@code id} is stored: asked after its insert failed, to say why. */
    private boolean isStored(String id, SQLException cause) {
        try (PreparedStatement s = connection.prepareStatement(Rows.CRAWL_EXISTS)) {
            Rows.setText(s, 1, id, keepNul);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
            return false;
        } finally {
            rollback(cause);
        }
    }

    private void rollback(SQLException cause) {
        try {
            insertObservation.clearBatch();
            insertEdge.clearBatch();
            insertQueued.clearBatch();
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        pending = 0;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("JDBC sink for " + Schema.redact(url) + " is closed");
        }
    }

    private void ensureCrawl() {
        ensureOpen();
        if (crawlId == null) {
            throw new IllegalStateException("no crawl started: call crawlStarted before accept or edges");
        }
    }
}
