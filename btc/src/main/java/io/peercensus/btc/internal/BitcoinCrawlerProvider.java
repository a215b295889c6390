package io.peercensus.btc.internal;

import io.peercensus.CrawlConfig;
import io.peercensus.Network;
import io.peercensus.PeerSource;
import io.peercensus.btc.BitcoinCrawler;
import io.peercensus.spi.CrawlerProvider;

/** Makes {@code Crawlers.bitcoin()} work when peercensus-btc is on the class path. Stateless and thread-safe. */
public final class BitcoinCrawlerProvider implements CrawlerProvider {

    @Override
    public Network.Family family() {
        return Network.Family.BITCOIN;
    }

    @Override
    public PeerSource create(CrawlConfig config) {
        return new BitcoinCrawler(config);
    }
}
