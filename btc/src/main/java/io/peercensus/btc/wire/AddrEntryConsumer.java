package io.peercensus.btc.wire;

import java.nio.ByteBuffer;

/**
 * Receives the entries of an {@code addr} or {@code addrv2} payload one by one as they are decoded and validated,
 * without a record per entry: for crawlers, which hear millions of them. {@link AddrMessage#scan} and {@link
 * AddrV2Message#scan} call it; the records' {@code read} methods are built on the same scan.
 *
 * <p>The address bytes are passed in place, as a range of the payload buffer, and are valid only during the call.
 */
@FunctionalInterface
public interface AddrEntryConsumer {

    /** The {@code networkId} of a v1 {@code addr} entry, whose 16 bytes are IPv6, IPv4-mapped IPv6 or OnionCat. */
    int V1 = 0;

    /**
     * The number of entries that follow (at most 1000), read before any of them, so that a consumer can size its
     * storage once. Does nothing by default.
     */
    default void count(int entries) {
    }

    /**
     * One entry.
     *
     * @param time last-seen time, seconds since the Unix epoch, unsigned 32-bit
     * @param services the service bits
     * @param networkId the BIP155 network ID (any byte value, known or not), or {@link #V1}
     * @param payload the payload buffer; its position is not the entry's
     * @param offset the absolute index of the address's first byte in {@code payload}
     * @param length the address length: the one BIP155 fixes for a known network ID, 16 for {@link #V1}
     * @param port the port, 0 to 65535
     */
    void entry(long time, long services, int networkId, ByteBuffer payload, int offset, int length, int port);
}
