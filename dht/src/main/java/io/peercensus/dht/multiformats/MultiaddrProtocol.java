package io.peercensus.dht.multiformats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The multiaddr protocols peercensus reads and writes, with their multicodec codes and value sizes (from
 * the multicodec table and multiaddr's {@code protocols.csv}). A code not listed here is still kept, as an
 * opaque {@link Multiaddr.Component}.
 *
 * <p>Immutable and thread-safe.
 */
public enum MultiaddrProtocol {
    /** IPv4 address, 4 bytes. */
    IP4(0x04, "ip4", 4),
    /** TCP port, 2 bytes big-endian. */
    TCP(0x06, "tcp", 2),
    /** DCCP port. */
    DCCP(0x21, "dccp", 2),
    /** IPv6 address, 16 bytes. */
    IP6(0x29, "ip6", 16),
    /** IPv6 zone (RFC 4007), UTF-8. */
    IP6ZONE(0x2a, "ip6zone", Size.VARIABLE),
    /** CIDR prefix length for the address before it, 1 byte. */
    IPCIDR(0x2b, "ipcidr", 1),
    /** Domain name resolvable to IPv4 and IPv6. */
    DNS(0x35, "dns", Size.VARIABLE),
    /** Domain name resolvable to IPv4. */
    DNS4(0x36, "dns4", Size.VARIABLE),
    /** Domain name resolvable to IPv6. */
    DNS6(0x37, "dns6", Size.VARIABLE),
    /** Domain name whose {@code _dnsaddr} TXT records hold multiaddrs. */
    DNSADDR(0x38, "dnsaddr", Size.VARIABLE),
    /** SCTP port. */
    SCTP(0x84, "sctp", 2),
    /** UDP port. */
    UDP(0x0111, "udp", 2),
    /** WebRTC direct (ICE-lite, no STUN). */
    WEBRTC_DIRECT(0x0118, "webrtc-direct", 0),
    /** WebRTC as browsers establish it. */
    WEBRTC(0x0119, "webrtc", 0),
    /** Circuit relay. */
    P2P_CIRCUIT(0x0122, "p2p-circuit", 0),
    /** UDT. */
    UDT(0x012d, "udt", 0),
    /** uTP. */
    UTP(0x012e, "utp", 0),
    /** Peer ID (a multihash); {@code /ipfs/} is read as this. */
    P2P(0x01a5, "p2p", Size.VARIABLE),
    /** HTTPS (deprecated alias of {@code /tls/http}). */
    HTTPS(0x01bb, "https", 0),
    /** Tor v2 onion service: 10-byte name hash and port. */
    ONION(0x01bc, "onion", 12),
    /** Tor v3 onion service: 35-byte public key, checksum and version, and port. */
    ONION3(0x01bd, "onion3", 37),
    /** I2P destination (full, I2P base64 text). */
    GARLIC64(0x01be, "garlic64", Size.VARIABLE),
    /** I2P destination hash (base32 text). */
    GARLIC32(0x01bf, "garlic32", Size.VARIABLE),
    /** TLS. */
    TLS(0x01c0, "tls", 0),
    /** TLS Server Name Indication. */
    SNI(0x01c1, "sni", Size.VARIABLE),
    /** Noise. */
    NOISE(0x01c6, "noise", 0),
    /** QUIC draft-29. */
    QUIC(0x01cc, "quic", 0),
    /** QUIC version 1 (RFC 9000). */
    QUIC_V1(0x01cd, "quic-v1", 0),
    /** WebTransport. */
    WEBTRANSPORT(0x01d1, "webtransport", 0),
    /** TLS certificate hash, a multihash (multibase text). */
    CERTHASH(0x01d2, "certhash", Size.VARIABLE),
    /** WebSocket. */
    WS(0x01dd, "ws", 0),
    /** Secure WebSocket (deprecated alias of {@code /tls/ws}). */
    WSS(0x01de, "wss", 0),
    /** HTTP. */
    HTTP(0x01e0, "http", 0);

    /** Value sizes that are not a fixed byte count. */
    private static final class Size {
        static final int VARIABLE = -1;
    }

    private static final Map<Integer, MultiaddrProtocol> BY_CODE = new HashMap<>();
    private static final Map<String, MultiaddrProtocol> BY_NAME = new HashMap<>();

    static {
        for (MultiaddrProtocol p : values()) {
            BY_CODE.put(p.code, p);
            BY_NAME.put(p.protocolName, p);
        }
        BY_NAME.put("ipfs", P2P);
    }

    private final int code;
    private final String protocolName;
    private final int size;

    MultiaddrProtocol(int code, String protocolName, int size) {
        this.code = code;
        this.protocolName = protocolName;
        this.size = size;
    }

    /** The multicodec code. */
    public int code() {
        return code;
    }

    /** The name in multiaddr text, e.g. {@code quic-v1}. */
    public String protocolName() {
        return protocolName;
    }

    /** Whether the value is length-prefixed (a varint byte count before it) rather than of fixed size. */
    public boolean isVariableSize() {
        return size == Size.VARIABLE;
    }

    /** The fixed value size in bytes (0 for protocols without a value); meaningless when variable. */
    public int fixedSize() {
        return Math.max(size, 0);
    }

    /** Whether the protocol carries a value. */
    public boolean hasValue() {
        return size != 0;
    }

    /** The protocol with multicodec {@code code}, if listed. */
    public static Optional<MultiaddrProtocol> forCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The protocol named {@code name} in multiaddr text ({@code ipfs} gives {@link #P2P}), if listed. */
    public static Optional<MultiaddrProtocol> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    @Override
    public String toString() {
        return protocolName;
    }
}
