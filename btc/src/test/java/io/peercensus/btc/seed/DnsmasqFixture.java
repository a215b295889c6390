package io.peercensus.btc.seed;

import io.peercensus.testing.TestBinaries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real DNS server for tests: the Debian package {@code dnsmasq-base}'s {@code dnsmasq}, run in the foreground as a
 * child process on a free port of 127.0.0.1 only, with no upstream server ({@code --no-resolv}, no {@code --server}),
 * no {@code /etc/hosts}, no configuration file: it answers only from the records given here, so no query ever
 * leaves the machine. Names under the {@link Builder#localDomain local domains} that have no record get NXDOMAIN;
 * any other name gets REFUSED.
 *
 * <pre>{@code
 * try (DnsmasqFixture dns = DnsmasqFixture.builder()
 *         .localDomain("test")
 *         .hostRecord("seed.test", "127.1.2.3", "2001:db8::3")
 *         .start()) {
 *     ... new DnsSeeder(dns.address(), Duration.ofSeconds(5)) ...
 * }
 * }</pre>
 *
 * <p>When the binary is missing, {@link Builder#start} throws an {@link IllegalStateException} naming the package to
 * install, so the test fails instead of being skipped. Readiness is "a DNS query over UDP gets an answer", polled
 * against a bounded deadline; a server that exits while starting (say, the port was taken meanwhile) is restarted on
 * another port a few times. The process (and the children it forks to serve TCP) is killed by its own
 * {@link Process} handle on {@link #close()}.
 *
 * <p>Not thread-safe: start and close from the test's lifecycle methods.
 */
public final class DnsmasqFixture implements AutoCloseable {
    /** The Debian package that provides {@link #BINARY} without the system service. */
    public static final String PACKAGE = "dnsmasq-base";
    /** The server binary looked up on {@code PATH} and in the usual Debian directories. */
    public static final String BINARY = "dnsmasq";

    private static final List<String> DEBIAN_DIRS = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/sbin");
    private static final long START_DEADLINE_MILLIS = 10_000;
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private DnsmasqFixture(Process process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** A fixture to configure. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where the server listens (UDP and TCP): 127.0.0.1 and a port chosen at start. */
    public InetSocketAddress address() {
        return address;
    }

    /** What the server has logged so far (every query and its answer; for failure messages). */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Kills the server process and the children it forked for TCP connections, and removes its log. Idempotent. */
    @Override
    public void close() {
        // Children first, while the server is alive to reap them (an orphan would be left to init as a zombie).
        // They serve one TCP connection each and do not stop on SIGTERM, so they get SIGKILL.
        for (ProcessHandle child : process.descendants().toList()) {
            child.destroyForcibly();
            try {
                child.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Left for the kernel to clean up when the server goes.
            }
        }
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

    /** The records and domains to serve. Not thread-safe. */
    public static final class Builder {
        private final List<String> records = new ArrayList<>();

        private Builder() {
        }

        /**
         * Answers only from local records under {@code domain} (e.g. {@code test}): names there without a record
         * get NXDOMAIN ({@code --local=/domain/}).
         */
        public Builder localDomain(String domain) {
            records.add("--local=/" + domain + "/");
            return this;
        }

        /**
         * A and AAAA records for {@code name}, in the order given ({@code --host-record}); repeatable, adding more
         * records to the name.
         */
        public Builder hostRecord(String name, String... addresses) {
            records.add("--host-record=" + name + "," + String.join(",", addresses));
            return this;
        }

        /** {@code alias} is a CNAME for {@code target}, which must have a host record ({@code --cname}). */
        public Builder cname(String alias, String target) {
            records.add("--cname=" + alias + "," + target);
            return this;
        }

        /** A TXT record, so {@code name} exists without A or AAAA records ({@code --txt-record}). */
        public Builder txtRecord(String name, String text) {
            records.add("--txt-record=" + name + "," + text);
            return this;
        }

        /** Starts the server and waits until it answers. */
        public DnsmasqFixture start() throws IOException {
            Path binary = locate(TestBinaries.searchPath(DEBIAN_DIRS));
            StringBuilder failures = new StringBuilder();
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = TestBinaries.freeLoopbackPort();
                List<String> command = new ArrayList<>(command(binary, port));
                command.addAll(records);
                Path log = Files.createTempFile("dnsmasq-fixture-", ".log");
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                DnsmasqFixture fixture = new DnsmasqFixture(process,
                        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), log);
                try {
                    if (fixture.awaitAnswering()) {
                        return fixture;
                    }
                } catch (InterruptedException e) {
                    fixture.close();
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting " + BINARY, e);
                }
                failures.append("\nattempt ").append(attempt).append(" (").append(String.join(" ", command))
                        .append("): ").append(fixture.describeFailure());
                fixture.close();
            }
            throw new IllegalStateException(BINARY + " did not start answering:" + failures);
        }
    }

    /** The flags for a foreground server on 127.0.0.1:{@code port} with no upstream and no outside configuration. */
    static List<String> command(Path binary, int port) {
        return List.of(binary.toString(),
                // A foreground child of the JVM. Not --no-daemon: that mode serves TCP in the main process, so one
                // client holding a TCP connection open (dnsjava reuses them) stalls every later query.
                "--keep-in-foreground",
                "--conf-file=/dev/null", // not /etc/dnsmasq.conf
                "--no-resolv", "--no-poll", // no upstream servers from /etc/resolv.conf; and no --server given
                "--no-hosts", // not /etc/hosts
                "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", // loopback only, this port only
                "--pid-file=", // no pid file
                "--log-facility=-", "--log-queries"); // log to stderr, which goes to the fixture's log
    }

    /** Polls with a DNS query until one is answered, the process exits, or the deadline passes. */
    private boolean awaitAnswering() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MILLIS);
        SimpleResolver probe = new SimpleResolver(address);
        probe.setTimeout(Duration.ofMillis(200));
        Message query = Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN));
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                probe.send(query);
                return process.isAlive();
            } catch (IOException notYet) {
                // Not answering yet. Waiting on the process (not sleeping) both paces the poll and notices an exit.
                if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
        }
        return false;
    }

    private String describeFailure() {
        String exit = process.isAlive() ? "still running but not answering" : "exited with " + process.exitValue();
        return exit + "; output: " + output().strip();
    }

    /**
     * The first executable {@link #BINARY} in {@code dirs}, in order.
     *
     * @throws IllegalStateException naming the Debian package to install when there is none
     */
    static Path locate(List<Path> dirs) {
        return TestBinaries.locate(BINARY, PACKAGE, "DNS test server", dirs);
    }
}
