package io.peercensus.address;

import io.peercensus.internal.address.IpLiteral;
import java.util.Arrays;

/**
 * A block of IPv4 or IPv6 addresses: a network prefix and its length in bits, as in {@code 10.0.0.0/8}
 * or {@code 2001:db8::/32}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param network the first address of the block, 4 or 16 bytes, with every bit past the prefix zero
 * @param prefixLength how many leading bits of {@code network} an address must share to be inside
 */
record Cidr(byte[] network, int prefixLength) {

    Cidr {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("CIDR network must be 4 or 16 bytes, got " + network.length);
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("CIDR prefix length must be 0.." + network.length * 8 + ", got " + prefixLength);
        }
        for (int bit = prefixLength; bit < network.length * 8; bit++) {
            if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException("CIDR network has bits set past /" + prefixLength);
            }
        }
    }

    /** The block written as {@code address/length}, for example {@code 192.0.2.0/24} or {@code fc00::/7}. */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("CIDR must be address/length, got '" + text + "'");
        }
        String address = text.substring(0, slash);
        byte[] network = address.indexOf(':') >= 0 ? IpLiteral.parseIpv6(address) : IpLiteral.parseIpv4(address);
        return new Cidr(network, Integer.parseInt(text.substring(slash + 1)));
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** Whether {@code address} (4 or 16 bytes) is inside this block; an address of the other family never is. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && prefixLength == other.prefixLength && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return (network.length == 4 ? IpLiteral.formatIpv4(network) : IpLiteral.formatIpv6(network)) + "/" + prefixLength;
    }
}
