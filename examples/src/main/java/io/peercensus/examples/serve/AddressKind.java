package io.peercensus.examples.serve;

import io.peercensus.Peer;
import java.util.Locale;

/**
 * The kind of network a peer's address is on, as the dashboard groups them: IPv4, IPv6, Tor, I2P, CJDNS, or
 * something else (a DNS name, an unknown multiaddr). Immutable and thread-safe.
 */
enum AddressKind {
    /** {@code /ip4/...}. */
    IPV4("ipv4"),
    /** {@code /ip6/...} outside fc00::/8. */
    IPV6("ipv6"),
    /** {@code /onion3/...} or {@code /onion/...}. */
    TOR("tor"),
    /** {@code /garlic32/...} or {@code /garlic64/...}. */
    I2P("i2p"),
    /** {@code /ip6/fc..} (BIP155: CJDNS addresses are in fc00::/8). */
    CJDNS("cjdns"),
    /** Anything else, or no address at all. */
    OTHER("other");

    private final String jsonName;

    AddressKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in {@code /stats} and {@code /metrics}. */
    String jsonName() {
        return jsonName;
    }

    /** The kind of {@code peer}'s first address. */
    static AddressKind of(Peer peer) {
        return peer.addresses().isEmpty() ? OTHER : of(peer.addresses().get(0));
    }

    /** The kind of one multiaddr. */
    static AddressKind of(String multiaddr) {
        String m = multiaddr.toLowerCase(Locale.ROOT);
        if (m.startsWith("/ip4/")) {
            return IPV4;
        }
        if (m.startsWith("/ip6/")) {
            int end = 5;
            while (end < m.length() && m.charAt(end) != ':' && m.charAt(end) != '/') {
                end++;
            }
            String firstGroup = m.substring(5, end); // "fc00" is in fc00::/8; "fc" alone means 00fc
            return firstGroup.length() == 4 && firstGroup.startsWith("fc") ? CJDNS : IPV6;
        }
        if (m.startsWith("/onion3/") || m.startsWith("/onion/")) {
            return TOR;
        }
        if (m.startsWith("/garlic32/") || m.startsWith("/garlic64/")) {
            return I2P;
        }
        return OTHER;
    }
}
