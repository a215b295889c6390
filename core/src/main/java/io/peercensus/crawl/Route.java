package io.peercensus.crawl;

import io.peercensus.address.AddressType;

/**
 * The way a crawl reaches a peer, which sets how long its waits may be: a Tor circuit takes seconds to build where
 * an IP connect takes milliseconds, so each route has its own {@link Waits}.
 *
 * <p>Immutable and thread-safe.
 */
public enum Route {
    /** IPv4 and IPv6, dialed directly. */
    IP,
    /** Tor onion services (v2 and v3), through the SOCKS5 proxy. */
    TOR,
    /** I2P destinations, through the SOCKS5 proxy. */
    I2P,
    /** CJDNS addresses (fc00::/8). */
    CJDNS;

    /** The route of an address of {@code type}. */
    public static Route of(AddressType type) {
        return switch (type) {
            case IPV4, IPV6 -> IP;
            case TORV2, TORV3 -> TOR;
            case I2P -> I2P;
            case CJDNS -> CJDNS;
        };
    }

    /** The route's name in lower case, as the CLI and stored settings spell it ({@code ip}, {@code tor}, ...). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
