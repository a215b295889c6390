package io.peercensus;

import io.peercensus.crawl.CrawlSettings;
import io.peercensus.crawl.EdgePolicy;
import io.peercensus.crawl.Route;
import io.peercensus.crawl.WaitPolicy;
import io.peercensus.crawl.Waits;
import io.peercensus.internal.address.IpLiteral;
import io.peercensus.spi.CrawlerProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Configures a crawl of one network family; get one from {@link Crawlers}. Every setting has a sane
 * default: {@code Crawlers.bitcoin().stream()} crawls Bitcoin mainnet from its DNS seeds.
 *
 * <p>Not thread-safe; the {@link PeerSource} it builds is.
 */
public final class CrawlerBuilder {
    private final Network.Family family;
    private final String factoryMethod;
    private final String artifact;
    private Network network;
    private final List<String> seeds = new ArrayList<>();
    private final CrawlSettings.Builder settings = CrawlSettings.builder();
    private InetSocketAddress resolver;
    private final List<PeerSink> sinks = new ArrayList<>();
    private final List<Supplier<? extends PeerSink>> sinksPerCrawl = new ArrayList<>();
    private CrawlListener listener = CrawlListener.NONE;
    private final Map<String, String> options = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private CrawlCheckpoint resume;

    CrawlerBuilder(Network.Family family, Network defaultNetwork, String factoryMethod, String artifact) {
        this.family = family;
        this.network = defaultNetwork;
        this.factoryMethod = factoryMethod;
        this.artifact = artifact;
    }

    /**
     * The network to crawl, by name ({@code bitcoin}, {@code bitcoin-testnet4}, {@code ipfs}, ...). A Bitcoin builder
     * also takes the names the command line and Bitcoin Core use: {@code mainnet}, {@code testnet3},
     * {@code testnet4}, {@code signet}, {@code regtest}.
     *
     * @throws IllegalArgumentException when the name belongs to another family than this builder's
     */
    public CrawlerBuilder network(String name) {
        Objects.requireNonNull(name, "name");
        return network(Network.of(family == Network.Family.BITCOIN ? bitcoinAlias(name) : name));
    }

    /** The library's name for a Bitcoin network named as the command line and Bitcoin Core name it. */
    private static String bitcoinAlias(String name) {
        return switch (name) {
            case "mainnet", "main" -> Network.BITCOIN.name();
            case "testnet3", "testnet4", "signet", "regtest" -> "bitcoin-" + name;
            default -> name;
        };
    }

    /** The network to crawl. */
    public CrawlerBuilder network(Network network) {
        Objects.requireNonNull(network, "network");
        if (network.family() != family) {
            throw new IllegalArgumentException("network '" + network.name() + "' is not a " + family.name().toLowerCase(java.util.Locale.ROOT)
                    + " network; use Crawlers." + (network.family() == Network.Family.BITCOIN ? "bitcoin()" : "dht()"));
        }
        this.network = network;
        return this;
    }

    /** Adds a peer to start from ({@code host:port} for Bitcoin, a multiaddr for libp2p); replaces the default seeds. */
    public CrawlerBuilder seed(String seed) {
        seeds.add(Objects.requireNonNull(seed, "seed"));
        return this;
    }

    /** Adds peers to start from. */
    public CrawlerBuilder seeds(List<String> more) {
        Objects.requireNonNull(more, "seeds").forEach(this::seed);
        return this;
    }

    /** The SOCKS5 proxy through which Tor and I2P peers are dialed (a Tor client's SOCKS port). */
    public CrawlerBuilder proxy(InetSocketAddress proxy) {
        settings.proxy(proxy);
        return this;
    }

    /** The DNS server used to resolve seed names, instead of the system's resolver. */
    public CrawlerBuilder resolver(InetSocketAddress resolver) {
        this.resolver = resolver;
        return this;
    }

    /** How many conversations run at once (default {@value CrawlSettings#DEFAULT_CONCURRENCY}). */
    public CrawlerBuilder concurrency(int concurrency) {
        settings.concurrency(concurrency);
        return this;
    }

    /**
     * A cap on every wait of every route: each of the network's waits, and each set with {@link #waits}, is cut to
     * at most this (default: none). Handy for a quick crawl of a simulated network.
     */
    public CrawlerBuilder timeout(Duration timeout) {
        settings.timeout(timeout);
        return this;
    }

    /**
     * The waits of IP peers: connect, each handshake message, the whole answer (Bitcoin's default: 3 / 30 / 70 s,
     * see {@link WaitPolicy#BITCOIN}).
     */
    public CrawlerBuilder waits(Waits waits) {
        return waits(Route.IP, Objects.requireNonNull(waits, "waits"));
    }

    /** The waits of peers reached by {@code route}, replacing the network's defaults for it. */
    public CrawlerBuilder waits(Route route, Waits waits) {
        settings.waits(route, waits);
        return this;
    }

    /**
     * The bound on a whole conversation with one peer (default: derived from its waits, {@link
     * Waits#conversation()}).
     */
    public CrawlerBuilder conversationTimeout(Duration timeout) {
        settings.conversationTimeout(timeout);
        return this;
    }

    /** Stops the crawl after this long (default: no limit). */
    public CrawlerBuilder duration(Duration duration) {
        settings.duration(duration);
        return this;
    }

    /** Dials at most this many peers (default 0: no limit). */
    public CrawlerBuilder maxPeers(long maxPeers) {
        settings.maxPeers(maxPeers);
        return this;
    }

    /** Allows dialing private, loopback and other non-public addresses (default off). */
    public CrawlerBuilder allowPrivateAddresses(boolean allow) {
        settings.allowPrivateAddresses(allow);
        return this;
    }

    /**
     * Dials loopback addresses only (127.0.0.0/8, ::1), whatever peers advertise: the safe mode for tests,
     * simulated networks and demos (default off).
     */
    public CrawlerBuilder loopbackOnly(boolean loopbackOnly) {
        settings.loopbackOnly(loopbackOnly);
        return this;
    }

    /** Which neighbour edges go to the sinks (default {@link EdgePolicy#REACHABLE}). */
    public CrawlerBuilder edges(EdgePolicy edges) {
        settings.edges(Objects.requireNonNull(edges, "edges"));
        return this;
    }

    /**
     * Sends every observation of the source's first crawl to {@code sink} too; the sink is closed when that crawl
     * ends, so it serves one crawl: a later crawl of the same source fails at its start, saying so. For a source that
     * runs several crawls, give {@link #sink(Supplier)}.
     */
    public CrawlerBuilder sink(PeerSink sink) {
        sinks.add(Objects.requireNonNull(sink, "sink"));
        return this;
    }

    /**
     * Sends every observation to a sink made by {@code perCrawl} for each crawl of the source, closed when that crawl
     * ends: {@code sink(() -> JdbcSink.sqlite(file))} serves crawls one after another or at once.
     */
    public CrawlerBuilder sink(Supplier<? extends PeerSink> perCrawl) {
        sinksPerCrawl.add(Objects.requireNonNull(perCrawl, "perCrawl"));
        return this;
    }

    /** Hears progress and observations. */
    public CrawlerBuilder listener(CrawlListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Sets a network-specific option (see the crawler module's documentation). */
    public CrawlerBuilder option(String name, String value) {
        options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Continues the stopped or killed crawl {@code checkpoint} ({@link io.peercensus.sink.CrawlStore#checkpoint})
     * instead of starting a new one: same crawl id, the peers it observed skipped, those it had queued or in flight
     * dialed. Give the crawl the database sink the checkpoint came from, so the crawl goes on in it.
     *
     * @throws IllegalArgumentException at {@link #build()} when the checkpoint is of another network
     */
    public CrawlerBuilder resume(CrawlCheckpoint checkpoint) {
        this.resume = Objects.requireNonNull(checkpoint, "checkpoint");
        return this;
    }

    /** The clock of observation times (tests). */
    public CrawlerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The configuration as collected so far. */
    public CrawlConfig config() {
        if (resume != null && !resume.network().equals(network)) {
            throw new IllegalArgumentException("crawl " + resume.crawlId() + " is of " + resume.network().name()
                    + ", not " + network.name());
        }
        CrawlSettings built = settings.build();
        if (built.loopbackOnly()) {
            checkLoopbackOnly();
        }
        return new CrawlConfig(network, seeds, built, resolver, sinks, listener, options, clock, resume, sinksPerCrawl);
    }

    /**
     * A loopback-only crawl must not reach out even through DNS: it needs seeds of its own (the network's defaults are
     * on the Internet), and it looks names up only through a loopback DNS server given with {@link #resolver}, never
     * the system's (which forwards to the Internet).
     */
    private void checkLoopbackOnly() {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a loopback-only crawl needs seeds of its own: the network's default seeds"
                    + " and bootstrap peers are on the Internet; give them with seed(...)");
        }
        if (resolver != null) {
            InetAddress a = resolver.getAddress();
            if (a == null || !a.isLoopbackAddress()) {
                throw new IllegalArgumentException("a loopback-only crawl looks names up only through a loopback DNS"
                        + " server; resolver " + resolver.getHostString() + ":" + resolver.getPort() + " is not one");
            }
            return;
        }
        for (String seed : seeds) {
            if (isName(seed)) {
                throw new IllegalArgumentException("a loopback-only crawl looks names up only through a loopback DNS"
                        + " server, not the system's: seed '" + seed + "' is a name; give its address, or the server"
                        + " with resolver(...)");
            }
        }
    }

    /**
     * Whether a seed names its host, which needs a DNS lookup: a {@code /dns*} multiaddr, or a host that is no IP and
     * no Tor or I2P address (those go by name to the proxy, never to DNS).
     */
    private static boolean isName(String seed) {
        if (seed.startsWith("/")) {
            return seed.startsWith("/dns");
        }
        String host = seed;
        if (host.startsWith("[")) {
            return false; // a bracketed IPv6 literal
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
            host = host.substring(0, colon); // host:port; more than one colon is a bare IPv6 literal
        } else if (colon >= 0) {
            return false;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".onion") || lower.endsWith(".i2p")) {
            return false;
        }
        try {
            IpLiteral.parseIpv4(host);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * Builds the crawl source, finding the crawler module on the class path.
     *
     * @throws CrawlException naming the artifact to add when the module is missing
     * @throws IllegalArgumentException with a one-line message when a setting is unusable
     */
    public PeerSource build() {
        CrawlConfig config = config();
        for (CrawlerProvider provider : ServiceLoader.load(CrawlerProvider.class, CrawlerBuilder.class.getClassLoader())) {
            if (provider.family() == family) {
                return provider.create(config);
            }
        }
        throw new CrawlException("Crawlers." + factoryMethod + "() needs the " + artifact
                + " artifact on the class path: add the dependency io.peercensus:" + artifact);
    }

    /** Builds the source and starts a crawl; see {@link PeerSource#stream()}. */
    public Stream<Peer> stream() {
        return build().stream();
    }

    /** Builds the source and runs a crawl into {@code sink}; see {@link PeerSource#run(PeerSink)}. */
    public CrawlSummary run(PeerSink sink) {
        Objects.requireNonNull(sink, "sink");
        return build().run(sink);
    }
}
