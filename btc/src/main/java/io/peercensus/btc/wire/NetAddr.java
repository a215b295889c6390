package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.WireReader;
import io.peercensus.btc.internal.wire.WireWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A network address as the {@code version} and {@code addr} messages carry it: service bits, a 16-byte IPv6
 * address (IPv4 as {@code ::ffff:a.b.c.d}, Tor v2 as OnionCat {@code fd87:d87e:eb43::/48}) and a big-endian port.
 * The 16 bytes are kept exactly as sent.
 *
 * <p>Immutable and thread-safe (the address bytes are copied in and out).
 *
 * @param services the service bits (unsigned 64-bit in a {@code long}); see {@link ServiceFlag}
 * @param ip the 16 address bytes
 * @param port the port, 0 to 65535
 */
public record NetAddr(long services, byte[] ip, int port) {

    /** Encoded size in bytes: services 8, address 16, port 2. */
    public static final int SIZE = 26;

    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    public NetAddr {
        if (ip.length != 16) {
            throw new IllegalArgumentException("address must be 16 bytes, got " + ip.length);
        }
        checkPort(port);
        ip = ip.clone();
    }

    /** The address of {@code address} and {@code port}; IPv4 is mapped into IPv6 ({@code ::ffff:a.b.c.d}). */
    public static NetAddr of(InetAddress address, int port, long services) {
        byte[] raw = address.getAddress();
        if (raw.length == 4) {
            byte[] mapped = Arrays.copyOf(IPV4_MAPPED_PREFIX, 16);
            System.arraycopy(raw, 0, mapped, 12, 4);
            raw = mapped;
        }
        return new NetAddr(services, raw, port);
    }

    /** A copy of the 16 address bytes. */
    @Override
    public byte[] ip() {
        return ip.clone();
    }

    /** Whether the address is IPv4 mapped into IPv6 ({@code ::ffff:0:0/96}). */
    public boolean isIpv4Mapped() {
        return Arrays.equals(ip, 0, 12, IPV4_MAPPED_PREFIX, 0, 12);
    }

    /** The address as a Java {@link InetAddress} (an {@code Inet4Address} when IPv4-mapped); no lookup is made. */
    public InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always a valid address", e);
        }
    }

    static NetAddr read(WireReader r, String name) throws BitcoinWireException {
        long services = r.i64le(name + " services");
        byte[] ip = r.bytes(16, name + " address");
        int port = r.u16be(name + " port");
        return new NetAddr(services, ip, port);
    }

    void write(WireWriter w) {
        w.i64le(services).bytes(ip).u16be(port);
    }

    static void checkPort(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetAddr a && services == a.services && port == a.port && Arrays.equals(ip, a.ip);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(services) * 31 + Arrays.hashCode(ip)) * 31 + port;
    }

    @Override
    public String toString() {
        return "NetAddr[services=0x" + Long.toHexString(services) + ", ip=" + HexFormat.of().formatHex(ip)
                + ", port=" + port + "]";
    }
}
