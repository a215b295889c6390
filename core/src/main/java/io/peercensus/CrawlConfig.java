package io.peercensus;

import io.peercensus.crawl.CrawlSettings;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a crawler module needs to build a crawl, as the {@link Crawlers} facade collected it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param network the network to crawl
 * @param seeds where to start, as the user gave them ({@code host:port}, multiaddrs); empty for the
 *     network's defaults
 * @param settings concurrency, deadlines, limits, guard, proxy
 * @param resolver the DNS server for seed names, or {@code null} for the system's
 * @param sinks where observations go, besides the stream
 * @param listener hears progress
 * @param options network-specific settings by name (for example a DHT's protocol ID)
 * @param clock the clock of observation times
 * @param resume the stopped or killed crawl to continue, or {@code null} for new crawls
 * @param sinksPerCrawl make sinks for each crawl, besides {@code sinks} (which serve one crawl)
 */
public record CrawlConfig(
        Network network,
        List<String> seeds,
        CrawlSettings settings,
        InetSocketAddress resolver,
        List<PeerSink> sinks,
        CrawlListener listener,
        Map<String, String> options,
        Clock clock,
        CrawlCheckpoint resume,
        List<Supplier<? extends PeerSink>> sinksPerCrawl) {

    /** A configuration of new crawls (no {@code resume}). */
    public CrawlConfig(Network network, List<String> seeds, CrawlSettings settings, InetSocketAddress resolver,
            List<PeerSink> sinks, CrawlListener listener, Map<String, String> options, Clock clock) {
        this(network, seeds, settings, resolver, sinks, listener, options, clock, null, List.of());
    }

    public CrawlConfig {
        Objects.requireNonNull(network, "network");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(settings, "settings");
        sinks = List.copyOf(sinks);
        Objects.requireNonNull(listener, "listener");
        options = Map.copyOf(options);
        Objects.requireNonNull(clock, "clock");
        sinksPerCrawl = List.copyOf(sinksPerCrawl);
    }
}
