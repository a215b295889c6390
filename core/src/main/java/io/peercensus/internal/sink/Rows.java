package io.peercensus.internal.sink;

import com.fasterxml.jackson.core.JsonToken;
import io.peercensus.BitcoinInfo;
import io.peercensus.CrawlInfo;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerError;
import io.peercensus.PeerStatus;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How observations, edges and crawls map to rows of the {@link Schema}: the SQL, binding a value to a statement and
 * reading it back, so that what goes in comes out equal.
 *
 * <p>Stateless and thread-safe. Not public API.
 */
public final class Rows {

    /** Inserts one observation: crawl id, id within the crawl, then the model fields. */
    public static final String INSERT_OBSERVATION = "INSERT INTO observations (crawl_id, id, network, peer_id, "
            + "addresses, protocols, agent_version, status, error, latency_ms, seen_at, source, bitcoin, neighbours) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Selects a crawl's observations in the order they were accepted; read a row with {@link #peer}. */
    public static final String SELECT_OBSERVATIONS = "SELECT id, network, peer_id, addresses, protocols, "
            + "agent_version, status, error, latency_ms, seen_at, source, bitcoin, neighbours "
            + "FROM observations WHERE crawl_id = ? ORDER BY id";
    /** Inserts one edge: crawl id, id within the crawl, from, to. */
    public static final String INSERT_EDGE = "INSERT INTO edges (crawl_id, id, from_peer, to_peer) VALUES (?, ?, ?, ?)";
    /** Selects a crawl's edges in the order they were given. */
    public static final String SELECT_EDGES = "SELECT from_peer, to_peer FROM edges WHERE crawl_id = ? ORDER BY id";
    /** Inserts a started crawl: id, network, started, settings. */
    public static final String INSERT_CRAWL = "INSERT INTO crawls (id, network, started, settings) VALUES (?, ?, ?, ?)";
    /** Selects a row when a crawl with this id is stored. */
    public static final String CRAWL_EXISTS = "SELECT 1 FROM crawls WHERE id = ?";
    /** Updates a crawl's counts and heartbeat: reachable, unreachable, discovered, heartbeat, id. */
    public static final String UPDATE_COUNTS = "UPDATE crawls SET reachable = ?, unreachable = ?, discovered = ?, "
            + "heartbeat = ? WHERE id = ?";
    /** Inserts a queued peer: crawl id, peer id, addresses (JSON), source. */
    public static final String INSERT_QUEUED = "INSERT INTO queued (crawl_id, peer_id, addresses, source) VALUES (?, ?, ?, ?)";
    /** Selects a crawl's queued peers in no particular order: peer id, addresses, source. */
    public static final String SELECT_QUEUED = "SELECT peer_id, addresses, source FROM queued WHERE crawl_id = ?";
    /** Selects the finished crawls of a network that are no longer resumable, newest first: id. */
    public static final String SELECT_PRUNABLE = "SELECT id FROM crawls WHERE network = ? AND finished IS NOT NULL "
            + "AND stop_reason <> 'stopped' ORDER BY started DESC, id DESC";
    /** Deletes a crawl's edges. */
    public static final String DELETE_EDGES = "DELETE FROM edges WHERE crawl_id = ?";
    /** Deletes a crawl's observations. */
    public static final String DELETE_OBSERVATIONS = "DELETE FROM observations WHERE crawl_id = ?";
    /** Deletes a crawl's row. */
    public static final String DELETE_CRAWL = "DELETE FROM crawls WHERE id = ?";
    /** Deletes a crawl's queued peers, once it finished. */
    public static final String DELETE_QUEUED = "DELETE FROM queued WHERE crawl_id = ?";
    /** Selects the peer IDs a crawl observed. */
    public static final String SELECT_OBSERVED = "SELECT DISTINCT peer_id FROM observations WHERE crawl_id = ?";
    /** Selects what resuming a crawl needs of its row: finished, stop reason, reachable, unreachable, discovered. */
    public static final String SELECT_RESUMABLE = "SELECT finished, stop_reason, reachable, unreachable, discovered "
            + "FROM crawls WHERE id = ?";
    /** Reopens a crawl being resumed: heartbeat, id. */
    public static final String REOPEN_CRAWL = "UPDATE crawls SET finished = NULL, stop_reason = NULL, heartbeat = ? "
            + "WHERE id = ?";
    /** The next observation and edge numbers of a crawl: one past the largest used. */
    public static final String NEXT_IDS = "SELECT (SELECT COALESCE(MAX(id) + 1, 0) FROM observations WHERE crawl_id = ?), "
            + "(SELECT COALESCE(MAX(id) + 1, 0) FROM edges WHERE crawl_id = ?)";
    /** Marks a crawl finished: finished, stop reason, reachable, unreachable, discovered, id. */
    public static final String FINISH_CRAWL = "UPDATE crawls SET finished = ?, stop_reason = ?, reachable = ?, "
            + "unreachable = ?, discovered = ? WHERE id = ?";
    /** Selects crawls; {@code WHERE} and {@code ORDER BY} clauses are appended by callers. */
    public static final String SELECT_CRAWLS = "SELECT id, network, started, finished, settings, stop_reason, "
            + "reachable, unreachable, discovered, heartbeat FROM crawls";
    /** {@link #SELECT_CRAWLS} for a version 1 database, which has no heartbeat. */
    public static final String SELECT_CRAWLS_V1 = "SELECT id, network, started, finished, settings, stop_reason, "
            + "reachable, unreachable, discovered, NULL FROM crawls";

    /** Nine fraction digits always, so the text sorts in time order and keeps nanoseconds. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder().appendInstant(9).toFormatter();

    private Rows() {
    }

    /** {@code t} as fixed-width ISO-8601 UTC text, {@code 2026-11-22T18:31:00.123000000Z}. */
    public static String timestamp(Instant t) {
        return TIMESTAMP.format(t);
    }

    /** Parses a {@link #timestamp} (any ISO-8601 UTC instant), naming the column on failure. */
    public static Instant instant(String text, String column) throws IOException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IOException("column " + column + ": bad timestamp '" + text + "'", e);
        }
    }

    /**
     * Binds {@code p} as observation {@code id} of crawl {@code crawlId} to an {@link #INSERT_OBSERVATION}; every text
     * column through {@link #setText}.
     *
     * @param keepNul whether the database's text can hold U+0000 (see {@link #text})
     */
    public static void bindObservation(PreparedStatement s, String crawlId, long id, Peer p, boolean keepNul)
            throws SQLException {
        setText(s, 1, crawlId, keepNul);
        s.setLong(2, id);
        setText(s, 3, p.network().name(), keepNul);
        setText(s, 4, p.peerID(), keepNul);
        setText(s, 5, PeerCodec.toJson(g -> PeerCodec.writeStrings(p.addresses(), g)), keepNul);
        setText(s, 6, PeerCodec.toJson(g -> PeerCodec.writeStrings(p.protocols(), g)), keepNul);
        setText(s, 7, p.agentVersion(), keepNul);
        setText(s, 8, p.status().jsonName(), keepNul);
        setText(s, 9, p.error() == null ? null : p.error().toJson(), keepNul);
        if (p.latencyMs() == null) {
            s.setNull(10, Types.BIGINT);
        } else {
            s.setLong(10, p.latencyMs());
        }
        setText(s, 11, timestamp(p.seenAt()), keepNul);
        setText(s, 12, p.source(), keepNul);
        setText(s, 13, p.bitcoin() == null ? null : PeerCodec.toJson(g -> PeerCodec.writeBitcoin(p.bitcoin(), g)), keepNul);
        if (p.neighbours() == null) {
            s.setNull(14, Types.INTEGER);
        } else {
            s.setInt(14, p.neighbours());
        }
    }

    /** Binds {@code crawl} to an {@link #INSERT_CRAWL}; every text column through {@link #setText}. */
    public static void bindCrawl(PreparedStatement s, CrawlInfo crawl, boolean keepNul) throws SQLException {
        setText(s, 1, crawl.crawlId(), keepNul);
        setText(s, 2, crawl.network().name(), keepNul);
        setText(s, 3, timestamp(crawl.started()), keepNul);
        setText(s, 4, settingsJson(crawl.settings()), keepNul);
    }

    /**
     * The observation in the current row of a {@link #SELECT_OBSERVATIONS} result.
     *
     * @throws IOException naming the crawl, row and column when a stored value is not valid
     */
    public static Peer peer(ResultSet r, String crawlId) throws SQLException, IOException {
        long id = r.getLong(1);
        try {
            String error = r.getString(8);
            long latency = r.getLong(9);
            Long latencyMs = r.wasNull() ? null : latency;
            String bitcoin = r.getString(12);
            int neighbours = r.getInt(13);
            Integer neighboursOrNull = r.wasNull() ? null : neighbours;
            return new Peer(
                    Network.of(r.getString(2)),
                    r.getString(3),
                    stringArray(r.getString(4)),
                    stringArray(r.getString(5)),
                    r.getString(6),
                    PeerStatus.ofJsonName(r.getString(7)),
                    error == null ? null : PeerError.parse(error),
                    latencyMs,
                    instant(r.getString(10), "seen_at"),
                    r.getString(11),
                    bitcoin == null ? null : bitcoin(bitcoin),
                    neighboursOrNull);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("crawl " + crawlId + ", observation " + id + ": " + e.getMessage(), e);
        }
    }

    /** A crawl's settings as a JSON object with sorted keys. */
    public static String settingsJson(Map<String, String> settings) {
        return PeerCodec.toJson(g -> {
            g.writeStartObject();
            for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
                g.writeStringField(PeerCodec.clean(e.getKey()), PeerCodec.clean(e.getValue()));
            }
            g.writeEndObject();
        });
    }

    /** A JSON array of {@code values}, as the list columns hold them. */
    public static String stringsJson(List<String> values) {
        return PeerCodec.toJson(g -> PeerCodec.writeStrings(values, g));
    }

    /** Parses {@link #stringsJson} text back. */
    public static List<String> strings(String json) throws IOException {
        return stringArray(json);
    }

    /** Parses {@link #settingsJson} text back. */
    public static Map<String, String> settings(String json) throws IOException {
        return PeerCodec.fromJson(json, "settings", p -> {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new IOException("settings JSON: expected an object, got " + p.currentToken());
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IOException("settings JSON: value of '" + key + "' must be a string, got " + p.currentToken());
                }
                out.put(key, p.getText());
            }
            return out;
        });
    }

    /**
     * {@code value} as a text column holds it: lone surrogates as U+FFFD (see {@link PeerCodec#clean}), and NUL as
     * U+FFFD unless {@code keepNul}. JSON text is unchanged (its writer escapes NUL and cleans surrogates).
     *
     * @param keepNul whether the database's text can hold U+0000: SQLite's can; PostgreSQL's cannot, so there each
     *     NUL becomes U+FFFD rather than failing the crawl
     */
    public static String text(String value, boolean keepNul) {
        String clean = PeerCodec.clean(value);
        return clean == null || keepNul ? clean : clean.replace('\u0000', '\uFFFD');
    }

    /**
     * Binds {@code value} (null allowed) as {@link #text}: the one way a text column is written or compared, so that a
     * value given twice (a crawl id at {@code crawlStarted} and {@code crawlFinished}) maps to the same stored text.
     */
    public static void setText(PreparedStatement s, int index, String value, boolean keepNul) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, text(value, keepNul));
        }
    }

    private static List<String> stringArray(String json) throws IOException {
        return PeerCodec.fromJson(json, "string array", p -> PeerCodec.readStrings(p, "array"));
    }

    private static BitcoinInfo bitcoin(String json) throws IOException {
        return PeerCodec.fromJson(json, "bitcoin", PeerCodec::readBitcoin);
    }
}
