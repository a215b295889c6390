package io.peercensus;

/**
 * Where crawls start: {@code Crawlers.bitcoin().stream()} or {@code Crawlers.dht().network("ipfs").run(sink)}.
 *
 * <p>Each method returns a new builder. The crawler modules are found at run time, so a project
 * that depends on {@code peercensus-btc} alone gets a working {@link #bitcoin()}; a missing module
 * fails at {@link CrawlerBuilder#build()} with a message naming the artifact to add. Thread-safe.
 */
public final class Crawlers {

    private Crawlers() {
    }

    /** A crawl of the Bitcoin P2P network, mainnet unless told otherwise (needs {@code peercensus-btc}). */
    public static CrawlerBuilder bitcoin() {
        return new CrawlerBuilder(Network.Family.BITCOIN, Network.BITCOIN, "bitcoin", "peercensus-btc");
    }

    /**
     * A crawl of a libp2p Kademlia DHT, IPFS unless told otherwise (needs {@code peercensus-dht}). Its
     * default concurrency is {@value #DHT_DEFAULT_CONCURRENCY}: each conversation costs a Noise handshake,
     * so more at once only makes waits time out on a small machine.
     */
    public static CrawlerBuilder dht() {
        return new CrawlerBuilder(Network.Family.LIBP2P, Network.IPFS, "dht", "peercensus-dht")
                .concurrency(DHT_DEFAULT_CONCURRENCY);
    }

    /** Default concurrency of DHT crawls. */
    public static final int DHT_DEFAULT_CONCURRENCY = 200;
}
