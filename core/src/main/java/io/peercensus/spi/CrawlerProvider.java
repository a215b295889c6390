package io.peercensus.spi;

import io.peercensus.CrawlConfig;
import io.peercensus.Network;
import io.peercensus.PeerSource;

/**
 * A crawler module's entry point, found by {@link java.util.ServiceLoader} so that
 * {@link io.peercensus.Crawlers} works with whichever modules are on the class path. Register an
 * implementation in {@code META-INF/services/io.peercensus.spi.CrawlerProvider}.
 *
 * <p>Implementations must be thread-safe and have a public no-argument constructor.
 */
public interface CrawlerProvider {

    /** The family of networks this module crawls. */
    Network.Family family();

    /**
     * A crawl source for {@code config}.
     *
     * @throws IllegalArgumentException with a one-line message when a setting is unusable (unknown
     *     network, malformed seed)
     */
    PeerSource create(CrawlConfig config);
}
