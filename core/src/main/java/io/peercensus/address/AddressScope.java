package io.peercensus.address;

/**
 * Where an address can be reached from, following the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and updates). Only {@link #PUBLIC} addresses are dialed by default.
 *
 * <p>Immutable and thread-safe.
 */
public enum AddressScope {
    /** Globally reachable on the IP internet. */
    PUBLIC,
    /** Private use: 10/8, 172.16/12, 192.168/16 (RFC 1918) and IPv6 unique local fc00::/7 (RFC 4193). */
    PRIVATE,
    /** Shared address space for carrier-grade NAT, 100.64/10 (RFC 6598). */
    SHARED,
    /** Loopback: 127/8 and ::1. */
    LOOPBACK,
    /** Link-local: 169.254/16 and fe80::/10. */
    LINK_LOCAL,
    /** Multicast: 224/4 and ff00::/8. */
    MULTICAST,
    /** Documentation: 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32 and 3fff::/20. */
    DOCUMENTATION,
    /** Reserved or set aside for a protocol, and not globally reachable (benchmarking, 240/4, ...). */
    RESERVED,
    /** The unspecified address: 0.0.0.0 and ::. */
    UNSPECIFIED,
    /** An overlay network, not the IP internet: Tor, I2P or CJDNS. */
    OVERLAY;

    /** Whether this is {@link #PUBLIC}. */
    public boolean isPublic() {
        return this == PUBLIC;
    }
}
