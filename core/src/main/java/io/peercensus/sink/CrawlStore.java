package io.peercensus.sink;

import io.peercensus.CrawlSummary;
import io.peercensus.Network;
import io.peercensus.Peer;
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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads back what a {@link JdbcSink} stored: the crawls, each crawl's observations in the order they were
 * accepted, and its neighbour edges. Observations come back equal to the {@link Peer}s that went in.
 *
 * <p>The streams read rows lazily and hold a statement open: close them (try-with-resources). A failure while a
 * stream is consumed surfaces as {@link UncheckedIOException}. Works while a sink is still writing (SQLite WAL lets
 * readers and one writer run together); a reader sees what was committed.
 *
 * <p>Not thread-safe: use one store per thread, or guard it.
 */
public final class CrawlStore implements AutoCloseable {

    private final String url;
    private final Connection connection;

    private CrawlStore(String url) throws IOException {
        this.url = url;
        this.connection = Schema.connect(url, false);
        try {
            Schema.check(connection, url);
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
        return selectCrawls(Rows.SELECT_CRAWLS + " ORDER BY started, id", null);
    }

    /** The crawl with this id, if stored. */
    public Optional<StoredCrawl> crawl(String crawlId) throws IOException {
        return selectCrawls(Rows.SELECT_CRAWLS + " WHERE id = ?", Objects.requireNonNull(crawlId, "crawlId"))
                .stream().findFirst();
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
        try {
            connection.close();
        } catch (SQLException e) {
            throw Schema.failure("close", url, e);
        }
    }

    private List<StoredCrawl> selectCrawls(String sql, String id) throws IOException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (id != null) {
                s.setString(1, id);
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
                    r.getLong(9));
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
        PreparedStatement s = null;
        ResultSet r;
        try {
            s = connection.prepareStatement(sql);
            s.setFetchSize(1000);
            s.setString(1, crawlId);
            r = s.executeQuery();
        } catch (SQLException e) {
            if (s != null) {
                Schema.closeQuietly(s, e);
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
                r.close();
                statement.close();
            } catch (SQLException e) {
                throw new UncheckedIOException(Schema.failure("close a query on", url, e));
            }
        });
    }
}
