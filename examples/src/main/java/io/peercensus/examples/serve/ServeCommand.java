package io.peercensus.examples.serve;

import io.peercensus.CrawlerBuilder;
import io.peercensus.Crawlers;
import io.peercensus.Network;
import io.peercensus.crawl.WaitPolicy;
import io.peercensus.examples.cli.CrawlOptions;
import io.peercensus.examples.cli.DurationConverter;
import io.peercensus.examples.cli.StopSignals;
import io.peercensus.examples.cli.VersionProvider;
import io.peercensus.testkit.SimulatedBitcoinNetwork;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peercensus serve}: the scrape service. Crawls the chosen networks in monitor mode and serves the live NDJSON
 * feed, the crawls, statistics, Prometheus metrics and a dashboard (see {@link ScrapeService}). Stops gracefully on
 * SIGTERM or Ctrl-C within about two seconds (exit status 143 or 130); a second signal ends it at once. Not
 * thread-safe.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Crawl networks again and again and serve what is seen over HTTP:",
                "  GET /peers[?network=N][&status=S][&recent=K]  live NDJSON feed of observations",
                "  GET /crawls, /crawls/{id}/peers               crawls, and a stored crawl's observations (needs --db)",
                "  GET /stats, /metrics                          JSON statistics, Prometheus metrics",
                "  GET /                                         the dashboard"})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port = 3000;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind = "127.0.0.1";

    @Option(names = "--network", paramLabel = "NAME", description = "Network to crawl, repeatable: bitcoin, bitcoin-testnet4, bitcoin-signet, ipfs, ... (default: bitcoin).")
    List<String> networks = new ArrayList<>();

    @Option(names = "--simulate", paramLabel = "N", description = "Crawl a simulated Bitcoin network of N nodes on 127.0.0.0/8 in this process instead: offline, loopback only.")
    int simulate;

    @Option(names = "--simulate-seed", paramLabel = "N", description = "Seed of the simulated network (default: ${DEFAULT-VALUE}).")
    long simulateSeed = 42;

    @Option(names = "--crawls", paramLabel = "N", description = "Stop crawling after N crawls per network and keep serving (default: never stop).")
    int crawls;

    @Option(names = "--pause", paramLabel = "DURATION", converter = DurationConverter.class, description = "Wait this long between crawls (default: none).")
    Duration pause;

    @Option(names = "--buffer", paramLabel = "LINES", description = "Lines a /peers client may fall behind before it is disconnected (default: ${DEFAULT-VALUE}).")
    int buffer = 4096;

    @Option(names = "--max-clients", paramLabel = "N", description = "Most /peers clients at once, at least 1; more get 503 (default: ${DEFAULT-VALUE}).")
    int maxClients = 1000;

    @Option(names = "--header-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close a connection whose request line and headers take longer than this to arrive (default: 10s).")
    Duration headerTimeout;

    @Option(names = "--token", paramLabel = "TOKEN", description = {"Require this bearer token on every route but /metrics"
            + " (default: $" + TOKEN_VARIABLE + " when set, else none). The dashboard takes it once as /?token=TOKEN.",
            "Prefer the environment variable: other users of this machine can read a command line."})
    String token;

    /** The environment variable the token may come from. */
    public static final String TOKEN_VARIABLE = "PEERCENSUS_TOKEN";

    /** The longest duration serve takes in any option: no wait, pause or limit overflows where it is added up. */
    static final Duration LONGEST = ScrapeService.Builder.LONGEST;

    @Mixin
    CrawlOptions options = new CrawlOptions();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream err = System.err;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0 to 65535, got " + port);
        }
        check();
        InetSocketAddress address = new InetSocketAddress(address(bind), port);
        ScrapeService.Builder builder = ScrapeService.builder().address(address).maxCrawls(crawls)
                .subscriberBuffer(buffer).maxSubscribers(maxClients).log(err);
        if (pause != null) {
            builder.pause(pause);
        }
        if (headerTimeout != null) {
            builder.headerTimeout(headerTimeout);
        }
        String secret = token != null ? token : System.getenv(TOKEN_VARIABLE);
        if (secret != null) {
            try {
                builder.token(secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((token != null ? "--token: " : TOKEN_VARIABLE + ": ") + e.getMessage(), e);
            }
        }
        if (options.db() != null) {
            builder.database(options.db());
        } else if (options.jdbc() != null) {
            builder.jdbc(options.jdbc());
        }
        builder.keepCrawls(options.keep());
        if ("-".equals(options.out())) {
            builder.ndjson(System.out);
        } else if (options.out() != null) {
            builder.ndjson(Path.of(options.out()));
        }
        SimulatedBitcoinNetwork sim = null;
        if (simulate != 0) {
            sim = simulated(builder);
        } else {
            for (String name : names()) {
                Network network = Network.of(name);
                builder.crawl(network, builders(network));
            }
        }
        try {
            ScrapeService service = builder.start();
            // The first SIGTERM or Ctrl-C closes the service gracefully (on a thread of its own: the signal's must
            // return at once); a second one, or a stop that overruns, ends the process at once.
            try (StopSignals signals = StopSignals.install(
                    () -> new Thread(service::close, "peercensus-serve-stop").start(), err)) {
                err.println("peercensus serve: listening on " + service.uri() + " (crawling "
                        + String.join(", ", service.networks().stream().map(Network::name).toList())
                        + (simulate != 0 ? ", simulated" : "") + "); stop with Ctrl-C");
                service.awaitClosed();
                return signals.status();
            }
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }

    /** The options' bounds, each a one-line error naming the option. */
    private void check() {
        if (options.resume() != null) {
            throw new IllegalArgumentException("serve runs new crawls; --resume is for bitcoin and dht");
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("--max-clients must be at least 1, got " + maxClients);
        }
        if (buffer < 1) {
            throw new IllegalArgumentException("--buffer must be at least 1 line, got " + buffer);
        }
        if (crawls < 0) {
            throw new IllegalArgumentException("--crawls must not be negative, got " + crawls);
        }
        if (pause != null && pause.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("--pause must be at most " + LONGEST.toDays() + " days, got " + pause.toDays() + " days");
        }
        if (headerTimeout != null && (headerTimeout.compareTo(Duration.ofMillis(10)) < 0 || headerTimeout.compareTo(Duration.ofHours(1)) > 0)) {
            throw new IllegalArgumentException("--header-timeout must be from 10ms to 1h, got " + ScrapeService.text(headerTimeout));
        }
        options.requireDurationsAtMost(LONGEST);
    }

    private SimulatedBitcoinNetwork simulated(ScrapeService.Builder builder) {
        for (String name : names()) {
            if (!name.equals("bitcoin")) {
                throw new IllegalArgumentException("--simulate crawls a simulated Bitcoin network only; drop --network " + name);
            }
        }
        if (simulate < 10 || simulate > 50_000) {
            throw new IllegalArgumentException("--simulate must be between 10 and 50000 nodes, got " + simulate);
        }
        SimulatedBitcoinNetwork sim = SimulatedBitcoinNetwork.builder().nodes(simulate).seed(simulateSeed).start();
        String seed = sim.seedEndpoints().get(0).canonical();
        builder.crawl(Network.BITCOIN, () -> {
            CrawlerBuilder b = Crawlers.bitcoin().seed(seed).loopbackOnly(true);
            options.applyToSimulation(b, WaitPolicy.BITCOIN.ip());
            return b;
        });
        return sim;
    }

    private Supplier<CrawlerBuilder> builders(Network network) {
        return () -> {
            CrawlerBuilder b = network.family() == Network.Family.BITCOIN ? Crawlers.bitcoin() : Crawlers.dht();
            return options.applyTo(b.network(network));
        };
    }

    private Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (String n : networks.isEmpty() ? List.of("bitcoin") : networks) {
            String name = n.strip().toLowerCase(Locale.ROOT);
            if (!names.add(name.equals("mainnet") ? "bitcoin" : name)) {
                throw new IllegalArgumentException("--network " + n + " given twice");
            }
        }
        return names;
    }

    private static InetAddress address(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            return all[0];
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + host + ": no such address");
        }
    }
}
