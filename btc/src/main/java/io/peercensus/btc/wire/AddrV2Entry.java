package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.CompactSize;
import io.peercensus.btc.internal.wire.WireReader;
import io.peercensus.btc.internal.wire.WireWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One entry of an {@code addrv2} message (BIP155): last-seen time, services, network ID, the address bytes of that
 * network (IPv4 4, IPv6 16, TORv2 10, TORv3 32, I2P 32, CJDNS 16, Yggdrasil 16; any length up to 512 for an
 * unknown ID) and port.
 *
 * <p>Immutable and thread-safe (the address bytes are copied in and out).
 *
 * @param time last-seen time, seconds since the Unix epoch, unsigned 32-bit
 * @param services the service bits (unsigned 64-bit in a {@code long}), CompactSize on the wire
 * @param networkId which network the address belongs to
 * @param address the address bytes as sent
 * @param port the port, 0 to 65535 (0 where the network has none, e.g. I2P)
 */
public record AddrV2Entry(long time, long services, NetworkId networkId, byte[] address, int port) {

    /** The longest address BIP155 allows, whatever the network. */
    public static final int MAX_ADDRESS_LENGTH = 512;

    public AddrV2Entry {
        AddrEntry.checkTime(time);
        Objects.requireNonNull(networkId, "networkId");
        if (address.length > MAX_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("address length " + address.length + " exceeds " + MAX_ADDRESS_LENGTH);
        }
        OptionalInt expected = networkId.addressLength();
        if (expected.isPresent() && expected.getAsInt() != address.length) {
            throw new IllegalArgumentException(lengthMismatch(networkId, address.length));
        }
        NetAddr.checkPort(port);
        address = address.clone();
    }

    /** A copy of the address bytes. */
    @Override
    public byte[] address() {
        return address.clone();
    }

    int encodedSize() {
        return 4 + CompactSize.size(services) + 1 + CompactSize.size(address.length) + address.length + 2;
    }

    /** Decodes one entry, checking the address length before it is read, and hands it to {@code consumer}. */
    static void scan(WireReader r, AddrEntryConsumer consumer) throws BitcoinWireException {
        long time = r.u32le("time");
        long services = r.compactSize("services");
        int networkId = r.u8("network ID");
        int length = r.length("address length", MAX_ADDRESS_LENGTH);
        int expected = NetworkId.addressLength(networkId);
        if (expected >= 0 && expected != length) {
            throw r.error(lengthMismatch(new NetworkId(networkId), length));
        }
        int offset = r.skip(length, "address");
        int port = r.u16be("port");
        consumer.entry(time, services, networkId, r.buffer(), offset, length, port);
    }

    void write(WireWriter w) {
        w.u32le(time).compactSize(services).u8(networkId.id()).compactSize(address.length).bytes(address).u16be(port);
    }

    private static String lengthMismatch(NetworkId id, int length) {
        return id.label() + " address must be " + id.addressLength().orElseThrow() + " bytes, got " + length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddrV2Entry e && time == e.time && services == e.services && port == e.port
                && networkId.equals(e.networkId) && Arrays.equals(address, e.address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, services, networkId, port) * 31 + Arrays.hashCode(address);
    }

    @Override
    public String toString() {
        return "AddrV2Entry[time=" + time + ", services=0x" + Long.toHexString(services) + ", networkId=" + networkId
                + ", address=" + HexFormat.of().formatHex(address) + ", port=" + port + "]";
    }
}
