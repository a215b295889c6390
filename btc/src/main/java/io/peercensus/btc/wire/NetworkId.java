package io.peercensus.btc.wire;

import java.util.OptionalInt;

/**
 * A BIP155 network ID: which network an {@code addrv2} address belongs to. An open enum: the constants are the
 * IDs BIP155 reserves, and any other byte value is kept as an unknown ID (carried, written back, never a crash),
 * which a crawler skips as BIP155 says.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the ID byte, 0 to 255
 */
public record NetworkId(int id) {

    /** IPv4, 4 bytes. */
    public static final NetworkId IPV4 = new NetworkId(1);
    /** IPv6, 16 bytes. */
    public static final NetworkId IPV6 = new NetworkId(2);
    /** Tor v2 onion service, 10 bytes (no longer operational). */
    public static final NetworkId TORV2 = new NetworkId(3);
    /** Tor v3 onion service public key, 32 bytes. */
    public static final NetworkId TORV3 = new NetworkId(4);
    /** I2P destination hash, 32 bytes. */
    public static final NetworkId I2P = new NetworkId(5);
    /** CJDNS address ({@code fc00::/8}), 16 bytes. */
    public static final NetworkId CJDNS = new NetworkId(6);
    /** Yggdrasil address ({@code 0200::/7}), 16 bytes. */
    public static final NetworkId YGGDRASIL = new NetworkId(7);

    /** The IDs BIP155 reserves, in ID order. */
    private enum Known {
        IPV4("IPv4", 4),
        IPV6("IPv6", 16),
        TORV2("TORv2", 10),
        TORV3("TORv3", 32),
        I2P("I2P", 32),
        CJDNS("CJDNS", 16),
        YGGDRASIL("Yggdrasil", 16);

        final String label;
        final int length;

        Known(String label, int length) {
            this.label = label;
            this.length = length;
        }
    }

    private static final Known[] KNOWN = Known.values();

    public NetworkId {
        if (id < 0 || id > 0xff) {
            throw new IllegalArgumentException("network ID must be a byte (0 to 255), got " + id);
        }
    }

    private Known known() {
        return id >= 1 && id <= KNOWN.length ? KNOWN[id - 1] : null;
    }

    /** Whether BIP155 reserves this ID. */
    public boolean isKnown() {
        return known() != null;
    }

    /** The address length BIP155 fixes for this ID, or empty for an unknown ID. */
    public OptionalInt addressLength() {
        Known k = known();
        return k == null ? OptionalInt.empty() : OptionalInt.of(k.length);
    }

    /** The address length BIP155 fixes for network ID {@code id}, or -1 for an unknown ID; allocation-free. */
    static int addressLength(int id) {
        return id >= 1 && id <= KNOWN.length ? KNOWN[id - 1].length : -1;
    }

    /** The BIP155 enumeration name ({@code IPV4}, {@code TORV3}, ...), or {@code UNKNOWN_<id>}. */
    public String name() {
        Known k = known();
        return k == null ? "UNKNOWN_" + id : k.name();
    }

    /** A human label for messages ({@code IPv4}, {@code TORv3}, ...), or {@code network ID <id>}. */
    String label() {
        Known k = known();
        return k == null ? "network ID " + id : k.label;
    }

    @Override
    public String toString() {
        return name() + "(" + id + ")";
    }
}
