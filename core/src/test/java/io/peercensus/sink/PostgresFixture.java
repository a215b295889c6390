package io.peercensus.sink;

import com.sun.security.auth.module.UnixSystem;
import io.peercensus.testing.TestBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: the newest {@code /usr/lib/postgresql/<version>/bin} of the Debian package
 * {@code postgresql}, in a fresh cluster made by {@code initdb} in a temporary directory (trust authentication,
 * superuser {@value #USER}, UTF-8, C locale), run as a child process listening on a free port of 127.0.0.1 only, with
 * its Unix socket inside the data directory and {@code fsync=off}.
 *
 * <p>PostgreSQL refuses to run as root: when the JVM runs as root (as CI does), {@code initdb} and {@code postgres}
 * run through {@code runuser -u postgres --} (the package creates that user) in a directory handed to it.
 *
 * <p>When the binaries are missing, {@link #start()} throws an {@link IllegalStateException} naming the package to
 * install, so the test fails instead of being skipped. Readiness is "a JDBC connection succeeds", polled against a
 * bounded deadline; a server that exits while starting (say, the port was taken meanwhile) is restarted on another
 * port a few times. {@link #close()} stops the server by its own process handle and deletes the cluster.
 *
 * <p>Not thread-safe: start and close from the test's lifecycle methods.
 */
final class PostgresFixture implements AutoCloseable {
    /** The Debian package that provides the server binaries. */
    static final String PACKAGE = "postgresql";
    /** The cluster's superuser, trusted without a password on 127.0.0.1. */
    static final String USER = "peercensus";

    private static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");
    private static final String RUN_AS = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final long INITDB_DEADLINE_SECONDS = 120;
    private static final long START_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long STOP_DEADLINE_SECONDS = 15;
    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final Path log;
    private final boolean viaRunuser;
    private final Thread shutdownHook = new Thread(this::close, "postgres-fixture-stop");
    private Process process;
    private int port;
    private boolean closed;

    private PostgresFixture(Path dir, boolean viaRunuser) {
        this.dir = dir;
        this.log = dir.resolve("server.log");
        this.viaRunuser = viaRunuser;
    }

    /**
     * Makes a cluster and starts a server on it.
     *
     * @throws IllegalStateException when the binaries (or, as root, {@code runuser} or the {@code postgres} user) are
     *     missing, naming what to install, or when the server does not start
     */
    static PostgresFixture start() throws IOException {
        Path bin = binDirectory(INSTALL_ROOT);
        boolean root = new UnixSystem().getUid() == 0;
        List<String> prefix = root ? runuserPrefix() : List.of();
        Path dir = Files.createTempDirectory("peercensus-pg-");
        if (root) {
            Files.setOwner(dir, postgresUser(dir));
        }
        PostgresFixture fixture = new PostgresFixture(dir, root);
        try {
            fixture.initdb(prefix, bin);
            fixture.serve(prefix, bin);
        } catch (IOException | RuntimeException e) {
            fixture.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(fixture.shutdownHook);
        return fixture;
    }

    /**
     * The {@code bin} directory of the newest PostgreSQL major version under {@code installRoot} that has an
     * {@code initdb}.
     *
     * @throws IllegalStateException naming the Debian package when there is none
     */
    static Path binDirectory(Path installRoot) {
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(installRoot)) {
            try (Stream<Path> children = Files.list(installRoot)) {
                children.filter(v -> v.getFileName().toString().matches("[0-9]+(\\.[0-9]+)?"))
                        .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .forEach(versions::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + installRoot, e);
            }
        }
        return versions.stream()
                .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                .map(v -> v.resolve("bin"))
                .orElseThrow(() -> new IllegalStateException("PostgreSQL test server: no " + installRoot
                        + "/<version>/bin/initdb: install the Debian package: apt-get update && apt-get install -y "
                        + PACKAGE));
    }

    private static List<String> runuserPrefix() {
        Path runuser = TestBinaries.locate("runuser", "util-linux", "user switcher for the PostgreSQL test server (the"
                + " JVM runs as root, which PostgreSQL refuses)", TestBinaries.searchPath(List.of("/usr/sbin", "/sbin")));
        return List.of(runuser.toString(), "-u", RUN_AS, "--");
    }

    private static UserPrincipal postgresUser(Path dir) throws IOException {
        try {
            return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(RUN_AS);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("the JVM runs as root, which PostgreSQL refuses, and there is no user '"
                    + RUN_AS + "' to run it as: install the Debian package (it creates the user): apt-get update && "
                    + "apt-get install -y " + PACKAGE, e);
        }
    }

    private void initdb(List<String> prefix, Path bin) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(bin.resolve("initdb").toString(), "-D", dataDir().toString(), "-A", "trust", "-U", USER,
                "-E", "UTF8", "--no-locale", "--no-sync"));
        Process initdb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!initdb.waitFor(INITDB_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                initdb.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("initdb did not finish within " + INITDB_DEADLINE_SECONDS + " s ("
                        + String.join(" ", command) + "): " + output());
            }
        } catch (InterruptedException e) {
            initdb.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running initdb", e);
        }
        if (initdb.exitValue() != 0) {
            throw new IllegalStateException("initdb exited with " + initdb.exitValue() + " (" + String.join(" ", command)
                    + "): " + output());
        }
    }

    private void serve(List<String> prefix, Path bin) throws IOException {
        String failures = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            port = TestBinaries.freeLoopbackPort();
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(bin.resolve("postgres").toString(), "-D", dataDir().toString(), "-h", "127.0.0.1",
                    "-p", Integer.toString(port), "-k", dataDir().toString(), "-c", "fsync=off"));
            Files.writeString(log, "");
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            String failure;
            try {
                failure = awaitConnection();
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting PostgreSQL", e);
            }
            if (failure == null) {
                return;
            }
            stop();
            failures += "\nattempt " + attempt + " (" + String.join(" ", command) + "): " + failure + "; output: "
                    + output().strip();
        }
        throw new IllegalStateException("PostgreSQL did not start:" + failures);
    }

    /** Polls until a connection succeeds (null), or returns why it never did: the server exited, or the deadline. */
    private String awaitConnection() throws InterruptedException {
        long deadline = System.nanoTime() + START_DEADLINE_NANOS;
        SQLException last = null;
        while (System.nanoTime() - deadline < 0) {
            try (Connection c = DriverManager.getConnection(jdbcUrl() + "&connectTimeout=5&socketTimeout=10")) {
                return c.isValid(5) ? null : "connection not valid";
            } catch (SQLException notYet) {
                last = notYet;
                // Refused, or "the database system is starting up". Waiting on the process (not sleeping) both paces
                // the poll and notices an exit.
                if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
                    return "exited with " + process.exitValue() + " (last connection error: " + last.getMessage() + ")";
                }
            }
        }
        return "no connection within " + TimeUnit.NANOSECONDS.toSeconds(START_DEADLINE_NANOS) + " s (last error: "
                + (last == null ? "none" : last.getMessage()) + ")";
    }

    /** The cluster's data directory (also holding the Unix socket). */
    private Path dataDir() {
        return dir.resolve("data");
    }

    /** The port the server listens on, on 127.0.0.1 only. */
    int port() {
        return port;
    }

    /** The JDBC URL of the {@code postgres} database as the superuser. */
    String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The JDBC URL of {@code database} as the superuser. */
    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /**
     * Creates an empty database (UTF-8, from {@code template1}) and returns its JDBC URL.
     *
     * @param name lower-case letters, digits and underscores, starting with a letter
     */
    String createDatabase(String name) throws SQLException {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ", got '" + name + "'");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    /** What the server (or initdb) has printed so far, for failure messages. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and deletes the cluster. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException notRegisteredOrShuttingDown) {
                // Not registered (start failed) or the JVM is exiting: nothing to remove.
            }
        }
        stop();
        deleteTree(dir);
    }

    /**
     * Stops the server: SIGTERM to the postmaster (smart shutdown), a bounded wait, then SIGKILL. Through runuser the
     * postmaster is runuser's child, signalled directly: runuser itself answers SIGTERM by killing its child two
     * seconds later whether or not it has shut down, and exits once its child has.
     */
    private void stop() {
        if (process == null) {
            return;
        }
        Optional<ProcessHandle> postmaster = viaRunuser ? process.toHandle().children().findFirst() : Optional.of(process.toHandle());
        postmaster.ifPresentOrElse(ProcessHandle::destroy, process::destroy);
        try {
            if (!process.waitFor(STOP_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                postmaster.ifPresent(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            postmaster.ifPresent(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // A leftover temporary directory is harmless.
        }
    }
}
