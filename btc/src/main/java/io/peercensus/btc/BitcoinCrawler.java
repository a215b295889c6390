package io.peercensus.btc;

import io.peercensus.CrawlConfig;
import io.peercensus.Peer;
import io.peercensus.address.AddressFormatException;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.internal.crawl.BitcoinProber;
import io.peercensus.btc.internal.seed.SeedSpec;
import io.peercensus.btc.seed.DnsSeeder;
import io.peercensus.btc.seed.SeedList;
import io.peercensus.crawl.EngineCrawler;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.crawl.Prober;
import io.peercensus.crawl.WaitPolicy;
import io.peercensus.internal.Version;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGeneratorFactory;

/**
 * Crawls a Bitcoin network: resolves its DNS seeds (or the seeds given), then walks the network by
 * {@code getaddr}, recording every node's {@code version} details. Usually made by
 * {@code Crawlers.bitcoin()}; thread-safe, and each crawl is independent.
 */
public final class BitcoinCrawler extends EngineCrawler {
    /** The user agent we announce: honest, never an impersonation of Bitcoin Core. */
    public static final String USER_AGENT = "/peercensus:" + Version.get() + "/";

    private final BitcoinNetworkParams params;

    /**
     * A crawler for {@code config}.
     *
     * @throws IllegalArgumentException when the network is not a Bitcoin network peercensus knows
     */
    public BitcoinCrawler(CrawlConfig config) {
        super(config);
        this.params = BitcoinNetworkParams.of(config.network()).orElseThrow(() -> new IllegalArgumentException(
                "unknown Bitcoin network '" + config.network().name()
                        + "' (known: bitcoin, bitcoin-testnet3, bitcoin-testnet4, bitcoin-signet, bitcoin-regtest)"));
        for (String seed : config.seeds()) {
            SeedSpec.parse(seed, params.defaultPort()); // a malformed seed fails here, when the source is built
        }
        if (!config.options().isEmpty()) {
            throw new IllegalArgumentException("unknown option '" + config.options().keySet().iterator().next()
                    + "' for a Bitcoin crawl (Bitcoin crawls take no options)");
        }
    }

    /** The parameters of the network crawled. */
    public BitcoinNetworkParams params() {
        return params;
    }

    @Override
    protected Prober newProber() {
        // Version nonces only tell a node it dialed itself: a fast generator, seeded unpredictably once per crawl.
        return new BitcoinProber(params, USER_AGENT,
                RandomGeneratorFactory.of("L64X128MixRandom").create(new SecureRandom().nextLong()));
    }

    /** {@link WaitPolicy#BITCOIN}: the waits of a crawler tuned on the real network. */
    @Override
    protected WaitPolicy defaultWaits() {
        return WaitPolicy.BITCOIN;
    }

    /** The peer's ID is its endpoint ({@link Endpoint#canonical()}). */
    @Override
    protected ProbeTarget requeue(Peer queued) {
        try {
            Endpoint e = Endpoint.parse(queued.peerID());
            return new ProbeTarget(queued.peerID(), queued.addresses(), List.of(e), queued.source());
        } catch (AddressFormatException e) {
            return null; // not an endpoint: not a peer this crawler queued
        }
    }

    /** Seeds given, else the network's DNS seeds, each query bounded by the IP message wait. */
    @Override
    protected List<ProbeTarget> seeds() {
        DnsSeeder seeder = new DnsSeeder(config().resolver(), waits().ip().message());
        List<ProbeTarget> seeds = new ArrayList<>();
        for (Endpoint e : SeedList.resolve(config().seeds(), params, seeder)) {
            seeds.add(new ProbeTarget(e.canonical(), List.of(e.multiaddr()), List.of(e), null));
        }
        return seeds;
    }
}
