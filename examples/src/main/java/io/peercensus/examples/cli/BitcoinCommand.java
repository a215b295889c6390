package io.peercensus.examples.cli;

import io.peercensus.CrawlerBuilder;
import io.peercensus.Crawlers;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peercensus bitcoin}: crawls a Bitcoin network. Not thread-safe. */
@Command(name = "bitcoin", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Crawl the Bitcoin P2P network from its DNS seeds or the given seeds.")
final class BitcoinCommand implements Callable<Integer> {

    @Option(names = "--network", paramLabel = "NAME", description = "mainnet, testnet3, testnet4, signet or regtest (default: ${DEFAULT-VALUE}).")
    String network = "mainnet";

    @Option(names = "--seed", paramLabel = "HOST:PORT", description = "Start from this peer instead of the DNS seeds (repeatable).")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--proxy", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "SOCKS5 proxy (a Tor client) through which .onion and .b32.i2p peers are dialed.")
    InetSocketAddress proxy;

    @Mixin
    CrawlOptions options = new CrawlOptions();

    @Override
    public Integer call() {
        CrawlerBuilder builder = options.applyTo(Crawlers.bitcoin().network(networkName(network)).seeds(seeds));
        if (proxy != null) {
            builder.proxy(proxy);
        }
        return new CrawlRun(options, true).execute(builder);
    }

    static String networkName(String cliName) {
        switch (cliName) {
            case "mainnet":
            case "bitcoin":
                return "bitcoin";
            case "testnet3":
            case "testnet4":
            case "signet":
            case "regtest":
                return "bitcoin-" + cliName;
            default:
                throw new IllegalArgumentException("unknown Bitcoin network '" + cliName
                        + "' (expected mainnet, testnet3, testnet4, signet or regtest)");
        }
    }
}
