package io.peercensus.dht;

import io.peercensus.CrawlConfig;
import io.peercensus.Peer;
import io.peercensus.address.Endpoint;
import io.peercensus.crawl.EngineCrawler;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.crawl.Prober;
import io.peercensus.crawl.WaitPolicy;
import io.peercensus.crawl.Waits;
import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.internal.crawl.Bootstrap;
import io.peercensus.dht.internal.crawl.DhtProber;
import io.peercensus.dht.internal.crawl.PeerAddresses;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.MultiformatException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Crawls a libp2p Kademlia DHT: starts from the network's bootstrap peers (or the seeds given), dials each peer
 * once over TCP with Noise and yamux, records what identify says, and enumerates its routing table bucket by
 * bucket with FIND_NODE. Each crawl uses a fresh Ed25519 identity. Usually made by {@code Crawlers.dht()}.
 *
 * <p>Options: {@code protocol} sets the Kademlia protocol ID (required for networks without a
 * {@link DhtNetworkPreset}). Thread-safe, and each crawl is independent.
 */
public final class DhtCrawler extends EngineCrawler {
    /** The name of the option that sets the Kademlia protocol ID. */
    public static final String PROTOCOL_OPTION = "protocol";

    private final String protocolId;
    private final List<Multiaddr> bootstrap;

    /**
     * A crawler for {@code config}.
     *
     * @throws IllegalArgumentException when the network has no preset and no {@code protocol} option, or a seed is
     *     not a multiaddr ending in {@code /p2p/<peer ID>} (or a {@code /dnsaddr} name)
     */
    public DhtCrawler(CrawlConfig config) {
        super(config);
        var preset = DhtNetworkPreset.of(config.network());
        for (String name : config.options().keySet()) {
            if (!name.equals(PROTOCOL_OPTION)) {
                throw new IllegalArgumentException("unknown option '" + name + "' for a DHT crawl (known: "
                        + PROTOCOL_OPTION + ")");
            }
        }
        String option = config.options().get(PROTOCOL_OPTION);
        if (option == null && preset.isEmpty()) {
            throw new IllegalArgumentException("unknown DHT network '" + config.network().name()
                    + "' (known: ipfs, filecoin); give its Kademlia protocol ID with the option 'protocol'");
        }
        if (option != null && !option.startsWith("/")) {
            throw new IllegalArgumentException("Kademlia protocol ID must start with '/', got '" + option + "'");
        }
        this.protocolId = option != null ? option : preset.get().protocolId();
        List<String> seeds = config.seeds().isEmpty() ? preset.map(DhtNetworkPreset::bootstrap).orElse(List.of()) : config.seeds();
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("network '" + config.network().name() + "' has no bootstrap peers; give seeds");
        }
        this.bootstrap = Bootstrap.parse(seeds);
    }

    /** The Kademlia protocol ID spoken. */
    public String protocolId() {
        return protocolId;
    }

    @Override
    protected Prober newProber() {
        SecureRandom random = new SecureRandom();
        return new DhtProber(protocolId, PrivateKey.generate(KeyType.ED25519, random), random);
    }

    /**
     * The DHT's waits, the same on every route (the crawler dials TCP over IP only), taken from Nebula
     * (dennis-tra/nebula), the reference DHT crawler:
     * <ul>
     *   <li>connect 15 s: Nebula's dial timeout ({@code --dial-timeout}, 15 s by default), the most it gives one
     *       dial;</li>
     *   <li>each message 15 s: Nebula waits its dial timeout again for each Kademlia message it is owed (to open each
     *       FIND_NODE stream, multistream included, then for its answer: {@code libp2p/rpc.go}). Here each step of the
     *       upgrade (the multistream reply with Noise message 2, then yamux's agreement), identify, and each FIND_NODE
     *       answer from its request get one;</li>
     *   <li>the answer 30 s, for identify and the whole walk once the muxer is up: Nebula sends its 16 FIND_NODE
     *       requests at once, each bounded by 15 s to open and 15 s to answer, so one try of its walk takes at most
     *       30 s; ours asks in rounds (at most eight in flight), so the same 30 s bounds the whole. Nebula reads
     *       identify for 5 s more after its walk; ours waits for identify before the walk, within this wait.</li>
     * </ul>
     * A peer that stalls after the muxer is up costs at most the answer wait, holding a socket but no dialing slot.
     */
    public static final WaitPolicy DEFAULT_WAITS = WaitPolicy.everywhere(Waits.ofSeconds(15, 15, 30));

    @Override
    protected WaitPolicy defaultWaits() {
        return DEFAULT_WAITS;
    }

    /** The peer's recorded multiaddrs read back; those that no longer parse are left out. */
    @Override
    protected ProbeTarget requeue(Peer queued) {
        List<Multiaddr> addrs = new ArrayList<>();
        for (String text : queued.addresses()) {
            try {
                addrs.add(Multiaddr.parse(text));
            } catch (MultiformatException e) {
                // recorded by an older version, or damaged in the database: that address is not dialed
            }
        }
        List<Endpoint> endpoints = PeerAddresses.tcpEndpoints(addrs);
        return endpoints.isEmpty() ? null : new ProbeTarget(queued.peerID(), queued.addresses(), endpoints, queued.source());
    }

    /** The bootstrap peers, their {@code /dnsaddr} names resolved, each query bounded by the IP message wait. */
    @Override
    protected List<ProbeTarget> seeds() {
        return new Bootstrap(config().resolver(), waits().ip().message()).resolve(bootstrap);
    }
}
