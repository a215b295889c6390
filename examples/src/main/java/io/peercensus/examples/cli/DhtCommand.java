package io.peercensus.examples.cli;

import io.peercensus.Crawlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peercensus dht}: crawls a libp2p Kademlia DHT. Not thread-safe. */
@Command(name = "dht", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Crawl a libp2p Kademlia DHT (IPFS by default) from its bootstrap peers or the given ones.")
final class DhtCommand implements Callable<Integer> {

    @Option(names = "--network", paramLabel = "NAME", description = "ipfs, filecoin, ... (default: ${DEFAULT-VALUE}).")
    String network = "ipfs";

    @Option(names = "--bootstrap", paramLabel = "MULTIADDR", description = "Start from this peer instead of the network's bootstrap peers (repeatable).")
    List<String> bootstrap = new ArrayList<>();

    @Option(names = "--protocol", paramLabel = "ID", description = "Kademlia protocol ID, for networks without a preset.")
    String protocol;

    @Mixin
    CrawlOptions options = new CrawlOptions();

    @Override
    public Integer call() {
        var builder = options.applyTo(Crawlers.dht().network(network).seeds(bootstrap));
        if (protocol != null) {
            builder.option("protocol", protocol);
        }
        return new CrawlRun(options, true).execute(builder);
    }
}
