package io.peercensus.examples.cli;

import io.peercensus.CrawlerBuilder;
import io.peercensus.crawl.EdgePolicy;
import io.peercensus.crawl.Route;
import io.peercensus.crawl.Waits;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options every crawl command shares (DESIGN.md, "What users get at the command line"); a picocli mixin, also
 * used by {@code serve}. Not thread-safe.
 */
public final class CrawlOptions {

    @Option(names = "--allow-private", description = "Also dial private, loopback and other non-public addresses.")
    boolean allowPrivate;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Conversations at once (default: 1000 for Bitcoin, 200 for DHTs).")
    Integer concurrency;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Cap on every wait of every route (default: none, the network's waits).")
    Duration timeout;

    @Option(names = "--waits", paramLabel = "C/M/A", converter = WaitsConverter.class,
            description = "IP peers' waits: connect / each handshake message / the whole answer"
                    + " (Bitcoin default: 3s/30s/70s; DHT: 15s/15s/30s).")
    Waits ipWaits;

    @Option(names = "--tor-waits", paramLabel = "C/M/A", converter = WaitsConverter.class,
            description = "Tor peers' waits (Bitcoin default: 100s/40s/90s).")
    Waits torWaits;

    @Option(names = "--i2p-waits", paramLabel = "C/M/A", converter = WaitsConverter.class,
            description = "I2P peers' waits (Bitcoin default: 30s/80s/170s).")
    Waits i2pWaits;

    @Option(names = "--cjdns-waits", paramLabel = "C/M/A", converter = WaitsConverter.class,
            description = "CJDNS peers' waits (Bitcoin default: 10s/30s/70s).")
    Waits cjdnsWaits;

    @Option(names = "--conversation-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Bound on a whole conversation with one peer (default: the connect wait, two message"
                    + " waits and the answer wait).")
    Duration conversationTimeout;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop the crawl after this long (default: when done).")
    Duration duration;

    @Option(names = "--max-peers", paramLabel = "N", description = "Dial at most N peers (default: no limit).")
    long maxPeers;

    @Option(names = "--out", paramLabel = "FILE|-", description = "Write observations as NDJSON to FILE, or '-' for stdout"
            + " (the default when neither --db nor --jdbc is given).")
    String out;

    @Option(names = "--db", paramLabel = "FILE", description = "Store the crawl in this SQLite file.")
    Path db;

    @Option(names = "--jdbc", paramLabel = "URL", description = "Store the crawl in this database (jdbc:postgresql://...).")
    String jdbc;

    @Option(names = "--monitor", description = "Crawl again and again, each crawl with its own run id, until stopped.")
    boolean monitor;

    @Option(names = "--edges", paramLabel = "WHICH", converter = EdgePolicyConverter.class,
            description = "Neighbour edges to store: none, reachable (between reachable peers; the default) or all"
                    + " (every address every peer returned: about 20 million per crawl of the Bitcoin network).")
    EdgePolicy edges;

    @Option(names = "--keep", paramLabel = "N", description = "With --db or --jdbc: keep only the newest N finished"
            + " crawls of the network, deleting older ones with their observations and edges as each crawl finishes"
            + " (for --monitor; default: keep all).")
    Integer keep;

    /** The value of a bare {@code --resume}: the newest crawl that can be resumed. */
    static final String RESUME_NEWEST = "newest";

    @Option(names = "--resume", paramLabel = "ID", arity = "0..1", fallbackValue = RESUME_NEWEST,
            description = "Continue a stopped or killed crawl stored in --db or --jdbc: the newest one of the network,"
                    + " or crawl ID. It keeps its id, skips the peers it observed and dials those it had left.")
    String resume;

    @Option(names = "--resolver", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "DNS server for seed names (default: the system's).")
    InetSocketAddress resolver;

    /**
     * Checks that {@code --timeout}, {@code --conversation-timeout} and {@code --duration} are no longer than
     * {@code most}, so none overflows where it is added up.
     *
     * @throws IllegalArgumentException naming the first option that is too long
     */
    public void requireDurationsAtMost(Duration most) {
        atMost("--timeout", timeout, most);
        atMost("--conversation-timeout", conversationTimeout, most);
        atMost("--duration", duration, most); // the waits of --waits and the like are bounded by Waits itself
    }

    private static void atMost(String option, Duration d, Duration most) {
        if (d != null && d.compareTo(most) > 0) {
            throw new IllegalArgumentException(option + " must be at most " + most.toDays() + " days, got "
                    + d.toDays() + " days");
        }
    }

    /** The NDJSON output chosen with {@code --out} ({@code -} for stdout), or {@code null}. */
    public String out() {
        return out;
    }

    /** The SQLite file chosen with {@code --db}, or {@code null}. */
    public Path db() {
        return db;
    }

    /** The crawl {@code --resume} names ({@value #RESUME_NEWEST} for the newest), or {@code null} without it. */
    public String resume() {
        return resume;
    }

    /** The number of finished crawls {@code --keep} keeps, or 0 for all. */
    public int keep() {
        return keep == null ? 0 : keep;
    }

    /** The JDBC URL chosen with {@code --jdbc}, or {@code null}. */
    public String jdbc() {
        return jdbc;
    }

    /**
     * The IP waits of a crawl of a simulated network when none are given: short, so the demo and {@code serve
     * --simulate} finish in seconds. The message wait still lets the simulation's late-version nodes (6-10 s) in;
     * getaddr answers sent on Core's 30 s timer mostly fall outside the answer wait, as the demo says.
     */
    public static final Waits SIMULATION_WAITS = Waits.ofSeconds(2, 12, 8);

    /**
     * Applies the shared options to {@code builder} for a crawl of a simulated network: {@link #SIMULATION_WAITS}
     * unless {@code --waits} or {@code --timeout} was given.
     *
     * @param networkDefault the IP waits of the network crawled, when none are given
     * @return the IP waits of the crawl, to tell the user
     */
    public Waits applyToSimulation(CrawlerBuilder builder, Waits networkDefault) {
        applyTo(builder);
        if (ipWaits != null || timeout != null) {
            Waits w = ipWaits != null ? ipWaits : networkDefault;
            return timeout == null ? w : w.cappedAt(timeout);
        }
        builder.waits(Route.IP, SIMULATION_WAITS);
        return SIMULATION_WAITS;
    }

    /** Applies the shared options to {@code builder}. */
    public CrawlerBuilder applyTo(CrawlerBuilder builder) {
        if (concurrency != null) {
            builder.concurrency(concurrency);
        }
        builder.allowPrivateAddresses(allowPrivate).timeout(timeout)
                .conversationTimeout(conversationTimeout).maxPeers(maxPeers);
        waits(builder, Route.IP, ipWaits);
        waits(builder, Route.TOR, torWaits);
        waits(builder, Route.I2P, i2pWaits);
        waits(builder, Route.CJDNS, cjdnsWaits);
        if (duration != null) {
            builder.duration(duration);
        }
        if (resolver != null) {
            builder.resolver(resolver);
        }
        if (edges != null) {
            builder.edges(edges);
        }
        if (keep != null) {
            if (keep < 1) {
                throw new IllegalArgumentException("--keep must be at least 1, got " + keep);
            }
            if (db == null && jdbc == null) {
                throw new IllegalArgumentException("--keep needs --db or --jdbc: it prunes the crawls stored there");
            }
        }
        return builder;
    }

    private static void waits(CrawlerBuilder builder, Route route, Waits waits) {
        if (waits != null) {
            builder.waits(route, waits);
        }
    }
}
