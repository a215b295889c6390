package io.peercensus.sink;

import io.peercensus.CrawlCheckpoint;
import io.peercensus.CrawlSummary;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.internal.sink.Rows;
import io.peercensus.internal.sink.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads back what a {@link JdbcSink} stored: the crawls, each crawl's observations in the order they were
 * accepted, and its neighbour edges. Observations come back equal to the {@link Peer}s that went in.
 *
 * <p>The streams read rows lazily, 1,000 at a time, and hold a statement open: close them (try-with-resources). On
 * databases other than SQLite they read inside a read-only transaction (PostgreSQL's driver fetches rows in batches
 * only there; in auto-commit mode it would read the whole crawl into memory), begun by the first open stream and
 * ended when the last one closes, so close them promptly: on PostgreSQL an open transaction holds back vacuum. A
 * failure while a stream is consumed surfaces as {@link UncheckedIOException}. Works while a sink is still writing
 * (SQLite WAL lets readers and one writer run together; PostgreSQL readers never block writers); a reader sees what
 * was committed.
 *
 * <p>A crawl id is looked up as {@link JdbcSink} stores it: on databases other than SQLite a NUL in the id becomes
 * U+FFFD, so the id given to the sink finds the crawl.
 *
 * <p>Not thread-safe: use one store per thread, or guard it.
 */
public final class CrawlStore implements AutoCloseable {

    private final String url;
    private final Connection connection;
    /** SQLite reads lazily in auto-commit mode (and an open read transaction would hold back WAL checkpoints). */
    private final boolean sqlite;
    /** The crawls query for the database's schema version. */
    private final String selectCrawls;
    private int openStreams;
    private boolean closed;

    private CrawlStore(String url) throws IOException {
        this.url = url;
        this.sqlite = Schema.isSqlite(url);
        this.connection = Schema.connect(url, false);
        try {
            this.selectCrawls = Schema.check(connection, url) >= 2 ? Rows.SELECT_CRAWLS : Rows.SELECT_CRAWLS_V1;
            if (!sqlite) {
                connection.setReadOnly(true); // PostgreSQL: BEGIN READ ONLY once auto-commit is off
            }
        } catch (SQLException e) {
            Schema.closeQuietly(connection, e);
            throw Schema.failure("configure", url, e);
        } catch (IOException | RuntimeException e) {
            Schema.closeQuietly(connection, e);
            throw e;
        }
    }

    /**
     * Opens the SQLite database {@code file} for reading.
     *
     * @throws NoSuchFileException when the file does not exist (it is not created)
     * @throws IOException when it holds no peercensus schema or a newer version
     */
    public static CrawlStore sqlite(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such SQLite database");
        }
        return open("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /**
     * Opens the database at {@code jdbcUrl} for reading.
     *
     * @throws IOException when no driver takes the URL, the connection fails, or the schema is absent or newer
     */
    public static CrawlStore open(String jdbcUrl) throws IOException {
        return new CrawlStore(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
    }

    /** Every stored crawl, oldest first (by start time, then id). */
    public List<StoredCrawl> crawls() throws IOException {
        return selectCrawls(selectCrawls + " ORDER BY started, id", null);
    }

    /** The crawl with this id, if stored. */
    public Optional<StoredCrawl> crawl(String crawlId) throws IOException {
        return selectCrawls(selectCrawls + " WHERE id = ?", Objects.requireNonNull(crawlId, "crawlId"))
                .stream().findFirst();
    }

    /**
     * The newest crawl of {@code network} that can be resumed: one that never finished (killed, or still running) or
     * was stopped ({@link io.peercensus.CrawlSummary.StopReason#STOPPED}).
     */
    public Optional<StoredCrawl> resumable(Network network) throws IOException {
        Objects.requireNonNull(network, "network");
        List<StoredCrawl> newestFirst = selectCrawls(selectCrawls + " WHERE network = ? ORDER BY started DESC, id DESC",
                network.name());
        for (StoredCrawl c : newestFirst) {
            if (c.isResumable()) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Where the stored crawl {@code crawlId} stands, to resume it ({@link io.peercensus.CrawlerBuilder#resume}): the
     * peers it observed and those it queued and never observed.
     *
     * @throws IOException when the crawl is not stored, finished other than stopped, was written by a peercensus
     *     without the journal of queued peers (schema version 1), or the database fails
     */
    public CrawlCheckpoint checkpoint(String crawlId) throws IOException {
        StoredCrawl crawl = crawl(crawlId).orElseThrow(() -> new IOException("cannot resume crawl " + crawlId
                + ": database " + Schema.redact(url) + " does not hold it"));
        if (!crawl.isResumable()) {
            throw new IOException("cannot resume crawl " + crawlId + ": it finished ("
                    + crawl.stopReason().name().toLowerCase(Locale.ROOT) + ")");
        }
        if (selectCrawls.equals(Rows.SELECT_CRAWLS_V1)) {
            throw new IOException("cannot resume crawl " + crawlId + ": database " + Schema.redact(url)
                    + " was written by an older peercensus, which kept no journal of queued peers");
        }
        Set<String> observed = new HashSet<>();
        try (Stream<String> ids = rows(Rows.SELECT_OBSERVED, crawlId, r -> r.getString(1))) {
            ids.forEach(observed::add);
        }
        Map<String, Peer> queued = new LinkedHashMap<>();
        try (Stream<Peer> peers = rows(Rows.SELECT_QUEUED, crawlId, r -> Peer.builder().network(crawl.network())
                .peerID(r.getString(1)).addresses(Rows.strings(r.getString(2))).status(PeerStatus.DISCOVERED)
                .seenAt(crawl.started()).source(r.getString(3)).build())) {
            peers.filter(p -> !observed.contains(p.peerID())).forEach(p -> queued.putIfAbsent(p.peerID(), p));
        }
        return new CrawlCheckpoint(crawl.crawlId(), crawl.network(), crawl.started(), observed,
                List.copyOf(queued.values()), crawl.reachable(), crawl.unreachable(), crawl.discovered());
    }

    /**
     * The crawl's observations in the order the sink accepted them; empty for an unknown crawl. Close the stream.
     *
     * @throws IOException when the query cannot start
     */
    public Stream<Peer> observations(String crawlId) throws IOException {
        return rows(Rows.SELECT_OBSERVATIONS, crawlId, r -> Rows.peer(r, crawlId));
    }

    /**
     * The crawl's neighbour edges in the order the sink took them; empty for an unknown crawl. Close the stream.
     *
     * @throws IOException when the query cannot start
     */
    public Stream<Edge> edges(String crawlId) throws IOException {
        return rows(Rows.SELECT_EDGES, crawlId, r -> new Edge(r.getString(1), r.getString(2)));
    }

    /** Closes the connection; streams still open stop working. */
    @Override
    public void close() throws IOException {
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw Schema.failure("close", url, e);
        }
    }

    private List<StoredCrawl> selectCrawls(String sql, String id) throws IOException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (id != null) {
                Rows.setText(s, 1, id, sqlite);
            }
            List<StoredCrawl> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(crawl(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw Schema.failure("read crawls from", url, e);
        }
    }

    private static StoredCrawl crawl(ResultSet r) throws SQLException, IOException {
        String id = r.getString(1);
        try {
            String finished = r.getString(4);
            String stopReason = r.getString(6);
            return new StoredCrawl(
                    id,
                    Network.of(r.getString(2)),
                    Rows.instant(r.getString(3), "started"),
                    finished == null ? null : Rows.instant(finished, "finished"),
                    Rows.settings(r.getString(5)),
                    stopReason == null ? null : CrawlSummary.StopReason.valueOf(stopReason.toUpperCase(Locale.ROOT)),
                    r.getLong(7),
                    r.getLong(8),
                    r.getLong(9),
                    r.getString(10) == null ? null : Rows.instant(r.getString(10), "heartbeat"));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("crawl " + id + ": " + e.getMessage(), e);
        }
    }

    /** Reads one row. */
    private interface RowReader<T> {
        T read(ResultSet r) throws SQLException, IOException;
    }

    private <T> Stream<T> rows(String sql, String crawlId, RowReader<T> reader) throws IOException {
        Objects.requireNonNull(crawlId, "crawlId");
        try {
            streamOpening();
        } catch (SQLException e) {
            throw Schema.failure("begin a read on", url, e);
        }
        PreparedStatement s = null;
        ResultSet r;
        try {
            s = connection.prepareStatement(sql);
            s.setFetchSize(1000);
            Rows.setText(s, 1, crawlId, sqlite);
            r = s.executeQuery();
        } catch (SQLException e) {
            if (s != null) {
                Schema.closeQuietly(s, e);
            }
            try {
                streamClosed();
            } catch (SQLException x) {
                e.addSuppressed(x);
            }
            throw Schema.failure("query", url, e);
        }
        PreparedStatement statement = s;
        Spliterator<T> rows = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                try {
                    if (!r.next()) {
                        return false;
                    }
                    action.accept(reader.read(r));
                    return true;
                } catch (SQLException e) {
                    throw new UncheckedIOException(Schema.failure("read crawl " + crawlId + " from", url, e));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return StreamSupport.stream(rows, false).onClose(() -> {
            try {
                closeStream(r, statement);
            } catch (SQLException e) {
                throw new UncheckedIOException(Schema.failure("close a query on", url, e));
            }
        });
    }

    /** Begins the read-only transaction (not on SQLite) when the first stream opens. */
    private void streamOpening() throws SQLException {
        if (!sqlite && openStreams == 0) {
            connection.setAutoCommit(false);
        }
        openStreams++;
    }

    /** Ends the read-only transaction (not on SQLite) when the last stream closes. */
    private void streamClosed() throws SQLException {
        openStreams--;
        if (!sqlite && openStreams == 0 && !closed) {
            connection.rollback(); // read only: nothing to commit, and a failed statement may have aborted it
            connection.setAutoCommit(true);
        }
    }

    /** Closes a stream's result set and statement and ends its share of the transaction; each tried, first failure thrown. */
    private void closeStream(ResultSet r, PreparedStatement s) throws SQLException {
        SQLException failure = null;
        try {
            r.close();
        } catch (SQLException e) {
            failure = e;
        }
        try {
            s.close();
        } catch (SQLException e) {
            failure = first(failure, e);
        }
        try {
            streamClosed();
        } catch (SQLException e) {
            failure = first(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static SQLException first(SQLException first, SQLException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
