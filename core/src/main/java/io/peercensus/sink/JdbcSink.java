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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Stores crawls, observations and edges in a database: SQLite by default ({@link #sqlite(Path)}), or any JDBC URL
 * whose driver is on the class path, PostgreSQL included ({@link #open(String)}). Read the data back with
 * {@link CrawlStore}.
 *
 * <p>Tables (created when absent, schema version 1, a newer version is refused): {@code crawls} (one row per
 * crawl: id, network, started, finished, settings, stop_reason, reachable, unreachable, discovered),
 * {@code observations} (crawl id, number within the crawl, the {@link Peer} fields; lists and {@code bitcoin} as
 * JSON text) and {@code edges} (crawl id, number, from_peer, to_peer). Timestamps are ISO-8601 UTC text with nine
 * fraction digits, so they sort and keep nanoseconds.
 *
 * <p>Batching: rows are inserted in transactions of up to {@link #batchRows(int) 1,000 rows}, committed as soon as
 * that many are pending or, at the next call, when the oldest pending row is {@link #commitInterval(Duration) 500 ms}
 * old, and always at {@code crawlStarted}, {@code crawlFinished} and {@link #close()}. The crawl's counts in
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

    private final String url;
    private final Connection connection;
    private final PreparedStatement insertObservation;
    private final PreparedStatement insertEdge;
    private final LongSupplier nanoTime;
    private final boolean keepNul;
    private int batchRows = 1000;
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
            try (PreparedStatement s = connection.prepareStatement(Rows.UPDATE_COUNTS)) {
                s.setLong(1, reachable);
                s.setLong(2, unreachable);
                s.setLong(3, discovered);
                Rows.setText(s, 4, crawlId, keepNul);
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
