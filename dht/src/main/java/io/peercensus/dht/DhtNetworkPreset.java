package io.peercensus.dht;

import io.peercensus.Network;
import io.peercensus.dht.kad.KadMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a crawl needs to know of a libp2p DHT network: its Kademlia protocol ID and its bootstrap peers.
 *
 * <p>Immutable and thread-safe.
 *
 * @param network the network
 * @param protocolId the Kademlia protocol ID its DHT servers answer
 * @param bootstrap the multiaddrs of its bootstrap peers, each ending in {@code /p2p/<peer ID>} or a
 *     {@code /dnsaddr} name
 */
public record DhtNetworkPreset(Network network, String protocolId, List<String> bootstrap) {
    /** The IPFS Amino DHT: kubo's default bootstrap peers. */
    public static final DhtNetworkPreset IPFS = new DhtNetworkPreset(Network.IPFS, KadMessage.IPFS_PROTOCOL_ID, List.of(
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN",
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmQCU2EcMqAqQPR2i9bChDtGNJchTbq5TbXJJ16u19uLTa",
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUcqanj75Nb",
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmcZf59bWwK5XFi76CZX8cbJ4BhTzzA3gU1ZjYZcYW3dwt",
            "/ip4/104.131.131.82/tcp/4001/p2p/QmaCpDMGvV2BGHeYERUEnRQAwe3N8SzbUtfsmvsqQLuvuJ"));

    /**
     * Filecoin mainnet: Lotus names the DHT {@code /fil/kad/<network name>} and mainnet's network name is
     * {@code testnetnet}; bootstrap peers from Lotus's {@code build/bootstrap/mainnet.pi}.
     */
    public static final DhtNetworkPreset FILECOIN = new DhtNetworkPreset(Network.FILECOIN, "/fil/kad/testnetnet/kad/1.0.0", List.of(
            "/dns4/bootstrap-0.mainnet.filops.net/tcp/1347/p2p/12D3KooWCVe8MmsEMes2FzgTpt9fXtmCY7wrq91GRiaC8PHSCCBj",
            "/dns4/bootstrap-1.mainnet.filops.net/tcp/1347/p2p/12D3KooWCwevHg1yLCvktf2nvLu7L9894mcrJR4MsBCcm4syShVc",
            "/dns4/bootstrap-2.mainnet.filops.net/tcp/1347/p2p/12D3KooWEWVwHGn2yR36gKLozmb4YjDJGerotAPGxmdWZx2nxMC4",
            "/dns4/bootstrap-6.mainnet.filops.net/tcp/1347/p2p/12D3KooWP5MwCiqdMETF9ub1P3MbCvQCcfconnYHbWg6sUJcDRQQ",
            "/dns4/bootstrap-7.mainnet.filops.net/tcp/1347/p2p/12D3KooWRs3aY1p3juFjPy8gPN95PEQChm2QKGUCAdcDCC4EBMKf",
            "/dns4/bootstrap-8.mainnet.filops.net/tcp/1347/p2p/12D3KooWScFR7385LTyR4zU1bYdzSiiAb5rnNABfVahPvVSzyTkR",
            "/dns4/node.glif.io/tcp/1235/p2p/12D3KooWBF8cpp65hp2u9LK5mh19x67ftAam84z9LsfaquTDSBpt",
            "/dns4/bootstrap-mainnet-0.chainsafe-fil.io/tcp/34000/p2p/12D3KooWKKkCZbcigsWTEu1cgNetNbZJqeNtysRtFpq7DTqw3eqH",
            "/dns4/bootstrap-mainnet-1.chainsafe-fil.io/tcp/34000/p2p/12D3KooWGnkd9GQKo3apkShQDaq1d6cKJJmsVe6KiQkacUk1T8oZ",
            "/dns4/bootstrap-mainnet-2.chainsafe-fil.io/tcp/34000/p2p/12D3KooWHQRSDFv4FvAjtU32shQ7znz7oRbLBryXzZ9NMK2feyyH"));

    public DhtNetworkPreset {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(protocolId, "protocolId");
        bootstrap = List.copyOf(bootstrap);
    }

    /** The preset of {@code network}, when peercensus knows it. */
    public static Optional<DhtNetworkPreset> of(Network network) {
        for (DhtNetworkPreset preset : List.of(IPFS, FILECOIN)) {
            if (preset.network.equals(network)) {
                return Optional.of(preset);
            }
        }
        return Optional.empty();
    }
}
