package io.peercensus.net;

import io.peercensus.testing.TestBinaries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real SOCKS5 server for tests: the Debian package {@code microsocks}, started as a child process listening
 * on a free port of 127.0.0.1 only, and killed (by its own {@link Process} handle) on {@link #close()}.
 *
 * <p>When the binary is missing, {@link #start} throws an {@link IllegalStateException} naming the package
 * to install, so the test fails instead of being skipped. Readiness is "the port accepts a connection",
 * polled against a bounded deadline; a server that dies while starting (say, the port was taken meanwhile)
 * is restarted on another port a few times.
 *
 * <p>Not thread-safe: start and close from the test's lifecycle methods.
 */
public final class Socks5ServerFixture implements AutoCloseable {
    /** The Debian package that provides {@link #BINARY}. */
    public static final String PACKAGE = "microsocks";
    /** The server binary looked up on {@code PATH} and in the usual Debian directories. */
    public static final String BINARY = "microsocks";

    private static final List<String> DEBIAN_DIRS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin");
    private static final long START_DEADLINE_MILLIS = 10_000;
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private Socks5ServerFixture(Process process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Starts a server that needs no authentication. */
    public static Socks5ServerFixture start() throws IOException {
        return start(List.of());
    }

    /** Starts a server that requires this username and password (RFC 1929). */
    public static Socks5ServerFixture startWithPassword(String username, String password) throws IOException {
        return start(List.of("-u", username, "-P", password));
    }

    private static Socks5ServerFixture start(List<String> authArgs) throws IOException {
        Path binary = locate(TestBinaries.searchPath(DEBIAN_DIRS));
        String failures = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = TestBinaries.freeLoopbackPort();
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-i", "127.0.0.1", "-p",
                    Integer.toString(port)));
            command.addAll(authArgs);
            Path log = Files.createTempFile("socks5-fixture-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
            Socks5ServerFixture fixture = new Socks5ServerFixture(process, address, log);
            try {
                if (fixture.awaitAccepting()) {
                    return fixture;
                }
            } catch (InterruptedException e) {
                fixture.close();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting " + BINARY, e);
            }
            failures += "\nattempt " + attempt + " (" + String.join(" ", command) + "): " + fixture.describeFailure();
            fixture.close();
        }
        throw new IllegalStateException(BINARY + " did not start listening:" + failures);
    }

    /** Polls the port until it accepts, the process exits, or the deadline passes. */
    private boolean awaitAccepting() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MILLIS);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(address, 200);
                return process.isAlive();
            } catch (IOException notYet) {
                // Not listening yet. Waiting on the process (not sleeping) both paces the poll and notices an exit.
                if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
        }
        return false;
    }

    private String describeFailure() {
        String exit = process.isAlive() ? "still running but not accepting" : "exited with " + process.exitValue();
        return exit + "; output: " + output().strip();
    }

    /** What the server has printed so far (for failure messages). */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Where the server listens: 127.0.0.1 and a port chosen at start. */
    public InetSocketAddress address() {
        return address;
    }

    /** Kills the server process and removes its log. Idempotent. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // A leftover temp file is harmless.
        }
    }

    /**
     * The first executable {@link #BINARY} in {@code dirs}, in order.
     *
     * @throws IllegalStateException naming the Debian package to install when there is none
     */
    static Path locate(List<Path> dirs) {
        return TestBinaries.locate(BINARY, PACKAGE, "SOCKS5 test server", dirs);
    }
}
