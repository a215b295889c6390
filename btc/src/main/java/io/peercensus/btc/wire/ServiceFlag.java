package io.peercensus.btc.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The service bits Bitcoin Core names ({@code protocol.h}), and {@link #names(long)} to spell out a peer's
 * services with unknown bits as {@code BIT_<n>}.
 *
 * <p>Immutable and thread-safe.
 */
public enum ServiceFlag {
    /** Serves the complete block chain. */
    NODE_NETWORK(0),
    /** Serves BIP37 bloom-filtered connections (BIP111). */
    NODE_BLOOM(2),
    /** Serves blocks and transactions with witness data (BIP144). */
    NODE_WITNESS(3),
    /** Serves BIP157/BIP158 compact block filters. */
    NODE_COMPACT_FILTERS(6),
    /** Serves only the last 288 blocks (BIP159). */
    NODE_NETWORK_LIMITED(10),
    /** Supports the BIP324 v2 encrypted transport. */
    NODE_P2P_V2(11);

    private final int bit;

    ServiceFlag(int bit) {
        this.bit = bit;
    }

    /** The bit's position, 0 to 63. */
    public int bit() {
        return bit;
    }

    /** The bit as a mask. */
    public long mask() {
        return 1L << bit;
    }

    /** Whether {@code services} has this bit set. */
    public boolean isSetIn(long services) {
        return (services & mask()) != 0;
    }

    /**
     * The names of the bits set in {@code services}, lowest bit first: a flag's name for known bits,
     * {@code BIT_<n>} for others (e.g. {@code 0x1000009} gives {@code [NODE_NETWORK, NODE_WITNESS, BIT_24]}).
     */
    public static List<String> names(long services) {
        List<String> names = new ArrayList<>(Long.bitCount(services));
        for (int bit = 0; bit < 64; bit++) {
            if ((services & (1L << bit)) != 0) {
                names.add(nameOf(bit));
            }
        }
        return List.copyOf(names);
    }

    private static String nameOf(int bit) {
        for (ServiceFlag f : values()) {
            if (f.bit == bit) {
                return f.name();
            }
        }
        return "BIT_" + bit;
    }
}
