package io.peercensus.examples.report;

import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.address.AddressFormatException;
import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import java.util.EnumSet;
import java.util.Set;

/**
 * The kind of network a peer's address lives on, as a report counts it.
 *
 * <p>A Bitcoin peer's type comes from its peer ID (the canonical address), and an IPv6 address in {@code fc00::/8}
 * counts as CJDNS: that range is not routed on the public IPv6 internet, and Bitcoin gossips CJDNS addresses in it
 * (BIP155). A libp2p peer's types come from the first component of each of its multiaddrs. Immutable and thread-safe.
 */
public enum NetworkType {
    /** {@code 1.2.3.4:8333}, {@code /ip4/...}. */
    IPV4("ipv4", "IPv4"),
    /** {@code [2001:db8::1]:8333}, {@code /ip6/...}. */
    IPV6("ipv6", "IPv6"),
    /** A 16-character onion name, {@code /onion/...}. */
    TORV2("torv2", "Tor v2"),
    /** A 56-character onion name, {@code /onion3/...}. */
    TORV3("torv3", "Tor v3"),
    /** {@code <52>.b32.i2p}, {@code /garlic32/...}, {@code /garlic64/...}. */
    I2P("i2p", "I2P"),
    /** An IPv6 address in fc00::/8 of a Bitcoin peer. */
    CJDNS("cjdns", "CJDNS"),
    /** A name to resolve: {@code /dns/...}, {@code /dns4/...}, {@code /dns6/...}, {@code /dnsaddr/...}. */
    DNS("dns", "DNS name"),
    /** Anything else, or no address at all. */
    OTHER("other", "other");

    private final String key;
    private final String label;

    NetworkType(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name in JSON: {@code ipv4}, {@code torv3}, ... */
    public String key() {
        return key;
    }

    /** The name people read: {@code IPv4}, {@code Tor v3}, ... */
    public String label() {
        return label;
    }

    /**
     * The type whose {@link #key()} is {@code key}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static NetworkType ofKey(String key) {
        for (NetworkType t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown network type '" + key + "'");
    }

    /** The types of {@code peer}'s addresses; never empty ({@link #OTHER} when nothing is known). */
    public static Set<NetworkType> of(Peer peer) {
        Set<NetworkType> types = EnumSet.noneOf(NetworkType.class);
        if (peer.network().family() == Network.Family.BITCOIN) {
            try {
                types.add(of(Endpoint.parse(peer.peerID())));
                return types;
            } catch (AddressFormatException e) {
                // not an address: fall back to the multiaddrs below
            }
        }
        for (String multiaddr : peer.addresses()) {
            types.add(ofMultiaddr(multiaddr));
        }
        if (types.isEmpty()) {
            types.add(OTHER);
        }
        return types;
    }

    /** The type of a Bitcoin endpoint, with fc00::/8 as CJDNS. */
    static NetworkType of(Endpoint endpoint) {
        AddressType type = endpoint.address().type();
        return switch (type) {
            case IPV4 -> IPV4;
            case IPV6 -> (endpoint.address().bytes()[0] & 0xff) == 0xfc ? CJDNS : IPV6;
            case TORV2 -> TORV2;
            case TORV3 -> TORV3;
            case I2P -> I2P;
            case CJDNS -> CJDNS;
        };
    }

    /** The type of a multiaddr from its first protocol name. */
    static NetworkType ofMultiaddr(String multiaddr) {
        String[] parts = multiaddr.split("/", 3);
        if (parts.length < 2 || !parts[0].isEmpty()) {
            return OTHER;
        }
        return switch (parts[1]) {
            case "ip4" -> IPV4;
            case "ip6" -> IPV6;
            case "onion" -> TORV2;
            case "onion3" -> TORV3;
            case "garlic32", "garlic64" -> I2P;
            case "dns", "dns4", "dns6", "dnsaddr" -> DNS;
            default -> OTHER;
        };
    }
}
