package io.peercensus.dht.internal;

import io.peercensus.CrawlConfig;
import io.peercensus.Network;
import io.peercensus.PeerSource;
import io.peercensus.dht.DhtCrawler;
import io.peercensus.spi.CrawlerProvider;

/** Makes {@code Crawlers.dht()} work when peercensus-dht is on the class path. Stateless and thread-safe. */
public final class DhtCrawlerProvider implements CrawlerProvider {

    @Override
    public Network.Family family() {
        return Network.Family.LIBP2P;
    }

    @Override
    public PeerSource create(CrawlConfig config) {
        return new DhtCrawler(config);
    }
}
