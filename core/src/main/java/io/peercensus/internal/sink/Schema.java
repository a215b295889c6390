package io.peercensus.internal.sink;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The peercensus database schema, version {@value #VERSION}: connecting, creating the tables when absent and
 * refusing a database written by a newer peercensus.
 *
 * <p>The SQL is portable between SQLite and PostgreSQL: {@code TEXT}, {@code BIGINT} and {@code INTEGER} columns,
 * no auto-increment (the sink numbers observations and edges itself, per crawl), timestamps as fixed-width
 * ISO-8601 UTC text (see {@link Rows#timestamp}), lists, settings and the {@code bitcoin} object as JSON text.
 *
 * <p>Stateless and thread-safe. Not public API.
 */
public final class Schema {

    /** The schema version this code writes and reads. */
    public static final int VERSION = 2;

    /** The PostgreSQL advisory lock key that serialises schema creation: "peercens" in ASCII. */
    private static final long SCHEMA_LOCK = 0x7065_6572_6365_6E73L;

    private static final List<String> TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS crawls ("
                    + "id TEXT NOT NULL PRIMARY KEY, network TEXT NOT NULL, started TEXT NOT NULL, finished TEXT, "
                    + "settings TEXT NOT NULL, stop_reason TEXT, reachable BIGINT NOT NULL DEFAULT 0, "
                    + "unreachable BIGINT NOT NULL DEFAULT 0, discovered BIGINT NOT NULL DEFAULT 0)",
            "CREATE TABLE IF NOT EXISTS observations ("
                    + "crawl_id TEXT NOT NULL REFERENCES crawls (id), id BIGINT NOT NULL, network TEXT NOT NULL, "
                    + "peer_id TEXT NOT NULL, addresses TEXT NOT NULL, protocols TEXT NOT NULL, "
                    + "agent_version TEXT NOT NULL, status TEXT NOT NULL, error TEXT, latency_ms BIGINT, "
                    + "seen_at TEXT NOT NULL, source TEXT, bitcoin TEXT, neighbours INTEGER, "
                    + "PRIMARY KEY (crawl_id, id))",
            "CREATE INDEX IF NOT EXISTS observations_peer ON observations (crawl_id, peer_id)",
            "CREATE TABLE IF NOT EXISTS edges ("
                    + "crawl_id TEXT NOT NULL REFERENCES crawls (id), id BIGINT NOT NULL, "
                    + "from_peer TEXT NOT NULL, to_peer TEXT NOT NULL, PRIMARY KEY (crawl_id, id))");

    /**
     * What each version adds to the one before: {@code UPGRADES.get(v - 2)} takes a database from version
     * {@code v - 1} to {@code v}. Version 2: the crawl's heartbeat (the time of its last commit, so a killed crawl can
     * be told from a running one) and the journal of queued peers (so a killed crawl can be resumed).
     */
    private static final List<List<String>> UPGRADES = List.of(List.of(
            "ALTER TABLE crawls ADD COLUMN heartbeat TEXT",
            "CREATE TABLE IF NOT EXISTS queued ("
                    + "crawl_id TEXT NOT NULL REFERENCES crawls (id), peer_id TEXT NOT NULL, addresses TEXT NOT NULL, "
                    + "source TEXT)",
            "CREATE INDEX IF NOT EXISTS queued_crawl ON queued (crawl_id)"));

    private Schema() {
    }

    /** Whether {@code jdbcUrl} names an SQLite database. */
    public static boolean isSqlite(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    /** Whether {@code jdbcUrl} names a PostgreSQL database. */
    public static boolean isPostgres(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** {@code jdbcUrl} without its query part, which may hold a password: for messages. */
    public static String redact(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?...";
    }

    /**
     * Switches a SQLite database to WAL. When several connections open a fresh file at once, SQLite may
     * refuse the switch with SQLITE_BUSY without waiting on the busy timeout (it avoids a deadlock that
     * way), so a busy answer is retried for up to the same 5 s.
     */
    private static void switchToWal(Statement s) throws SQLException {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                s.execute("PRAGMA journal_mode = WAL");
                return;
            } catch (SQLException e) {
                boolean busy = (e.getErrorCode() & 0xff) == 5; // SQLITE_BUSY and its extended codes
                if (!busy || System.nanoTime() - end > 0) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // back off, then ask again
            }
        }
    }

    /**
     * Connects to {@code jdbcUrl}. For SQLite, sets a 5 s busy timeout and, when {@code writer}, WAL journal mode
     * and {@code synchronous=NORMAL}.
     *
     * @throws IOException when no driver takes the URL (naming the artifact to add for PostgreSQL) or the connection
     *     fails
     */
    public static Connection connect(String jdbcUrl, boolean writer) throws IOException {
        Connection c;
        try {
            c = DriverManager.getConnection(jdbcUrl);
        } catch (SQLException e) {
            if (!hasDriver(jdbcUrl)) {
                // Not chained: DriverManager's "No suitable driver found for <url>" holds the URL's query, password and all.
                String hint = isPostgres(jdbcUrl) ? " (add org.postgresql:postgresql to the classpath)" : "";
                throw new IOException("cannot open database " + redact(jdbcUrl)
                        + ": no JDBC driver on the class path takes this URL" + hint);
            }
            throw new IOException("cannot open database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
        if (isSqlite(jdbcUrl)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                if (writer) {
                    switchToWal(s);
                    s.execute("PRAGMA synchronous = NORMAL");
                }
            } catch (SQLException e) {
                closeQuietly(c, e);
                throw failure("configure", jdbcUrl, e);
            }
        }
        return c;
    }

    /**
     * Creates the tables when absent and records the version, in one transaction that writers opening the same
     * database at once take in turn (PostgreSQL: a transaction-scoped advisory lock; SQLite: {@code BEGIN IMMEDIATE},
     * waiting up to the busy timeout), so exactly one of them creates the schema and the others find it. Leaves
     * auto-commit off.
     *
     * @throws IOException when the database holds a newer schema version, or the SQL fails
     */
    public static void create(Connection c, String jdbcUrl) throws IOException {
        boolean sqlite = isSqlite(jdbcUrl);
        boolean open = false;
        try {
            begin(c, jdbcUrl);
            open = true;
            int version = hasVersionTable(c) ? version(c) : 0;
            if (version > VERSION) {
                end(c, sqlite, "ROLLBACK");
                throw newer(version, jdbcUrl);
            }
            if (version < VERSION) {
                try (Statement s = c.createStatement()) {
                    if (version == 0) {
                        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                        for (String ddl : TABLES) {
                            s.execute(ddl);
                        }
                    }
                    for (int v = Math.max(version, 1) + 1; v <= VERSION; v++) {
                        for (String ddl : UPGRADES.get(v - 2)) {
                            s.execute(ddl);
                        }
                    }
                    s.executeUpdate("DELETE FROM schema_version");
                    s.executeUpdate("INSERT INTO schema_version (version) VALUES (" + VERSION + ")");
                }
            }
            end(c, sqlite, "COMMIT");
            open = false;
            c.setAutoCommit(false);
        } catch (SQLException e) {
            if (open) {
                try {
                    end(c, sqlite, "ROLLBACK");
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
            }
            throw failure("create the schema in", jdbcUrl, e);
        }
    }

    /**
     * Checks that the database holds peercensus data this code can read.
     *
     * @return its schema version, {@link #VERSION} or older (read older ones without what later versions added)
     * @throws IOException when it has no schema, a newer schema version, or the SQL fails
     */
    public static int check(Connection c, String jdbcUrl) throws IOException {
        try {
            int version = hasVersionTable(c) ? version(c) : 0;
            if (version == 0) {
                throw new IOException(redact(jdbcUrl) + " holds no peercensus data (no schema_version row)");
            }
            if (version > VERSION) {
                throw newer(version, jdbcUrl);
            }
            return version;
        } catch (SQLException e) {
            throw failure("read the schema version of", jdbcUrl, e);
        }
    }

    /** An {@link IOException} saying what could not be done to which database, and why. */
    public static IOException failure(String what, String jdbcUrl, SQLException e) {
        return new IOException("cannot " + what + " database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
    }

    /** Closes {@code c} after a failure, adding a close failure to {@code cause}. */
    public static void closeQuietly(AutoCloseable c, Exception cause) {
        try {
            c.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Starts the schema transaction. SQLite: sqlite-jdbc's own {@code BEGIN} is deferred, and two deferred
     * transactions that both read and then write fail at once with SQLITE_BUSY, so take the write lock first (the
     * connection stays in auto-commit mode until {@code COMMIT}). PostgreSQL: {@code CREATE TABLE IF NOT EXISTS} is
     * not safe against a concurrent creator, so serialise on an advisory lock, released when the transaction ends.
     */
    private static void begin(Connection c, String jdbcUrl) throws SQLException {
        if (isSqlite(jdbcUrl)) {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
            return;
        }
        c.setAutoCommit(false);
        if (isPostgres(jdbcUrl)) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            }
        }
    }

    /** Ends the transaction {@link #begin} started with {@code COMMIT} or {@code ROLLBACK}. */
    private static void end(Connection c, boolean sqlite, String how) throws SQLException {
        if (sqlite) {
            try (Statement s = c.createStatement()) {
                s.execute(how);
            }
        } else if (how.equals("COMMIT")) {
            c.commit();
        } else {
            c.rollback();
        }
    }

    private static boolean hasDriver(String jdbcUrl) {
        try {
            DriverManager.getDriver(jdbcUrl);
            return true;
        } catch (SQLException e) { // "No suitable driver"
            return false;
        }
    }

    private static IOException newer(int version, String jdbcUrl) {
        return new IOException("database " + redact(jdbcUrl) + " has schema version " + version
                + ", newer than this peercensus understands (" + VERSION + "); upgrade peercensus to use it");
    }

    private static boolean hasVersionTable(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet r = meta.getTables(c.getCatalog(), c.getSchema(), "schema_version", new String[] {"TABLE"})) {
            while (r.next()) {
                if (r.getString("TABLE_NAME").equalsIgnoreCase("schema_version")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
