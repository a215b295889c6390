package io.peercensus.net;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A SOCKS5 address field with its port: {@code ATYP}, {@code DST.ADDR}/{@code BND.ADDR}, {@code DST.PORT}/
 * {@code BND.PORT} (RFC 1928 sections 4 to 6).
 *
 * <p>{@link #of} never resolves a name: a name goes to the proxy as {@link #DOMAINNAME} for the proxy to
 * resolve, which is what Tor {@code .onion} and I2P {@code .i2p} names need.
 *
 * <p>Immutable (the array is copied in and out) and thread-safe.
 *
 * @param type {@link #IPV4}, {@link #DOMAINNAME} or {@link #IPV6}
 * @param address 4 bytes, 1..255 name bytes, or 16 bytes, matching {@code type}
 * @param port 0..65535
 */
record Socks5Address(int type, byte[] address, int port) {
    static final int IPV4 = 0x01;
    static final int DOMAINNAME = 0x03;
    static final int IPV6 = 0x04;
    static final int MAX_DOMAIN_BYTES = 0xff;

    Socks5Address {
        Objects.requireNonNull(address, "address");
        address = address.clone();
        int expected = switch (type) {
            case IPV4 -> 4;
            case IPV6 -> 16;
            case DOMAINNAME -> address.length;
            default -> throw new IllegalArgumentException(String.format("unknown SOCKS5 address type 0x%02x", type));
        };
        if (address.length != expected || address.length == 0 || address.length > MAX_DOMAIN_BYTES) {
            throw new IllegalArgumentException(String.format(
                    "SOCKS5 address type 0x%02x cannot hold %d bytes", type, address.length));
        }
        checkPort(port);
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    /**
     * The address to ask a proxy for: an IPv4 literal ({@code 127.0.0.1}), an IPv6 literal with or without
     * brackets ({@code ::1}, {@code [::1]}), or else a domain name sent as is, never resolved here.
     *
     * @throws IllegalArgumentException on a malformed literal, an empty name, a name longer than 255 bytes or
     *     with characters other than printable ASCII (convert IDNs with {@link java.net.IDN#toASCII} first),
     *     or a port outside 0..65535
     */
    static Socks5Address of(String host, int port) {
        Objects.requireNonNull(host, "host");
        checkPort(port);
        if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
            return ipv6(host.substring(1, host.length() - 1), port);
        }
        if (host.indexOf(':') >= 0) {
            return ipv6(host, port);
        }
        if (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return new Socks5Address(IPV4, ipv4(host), port);
        }
        return domain(host, port);
    }

    private static Socks5Address domain(String host, int port) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(String.format(
                        "domain name must be printable ASCII (use java.net.IDN.toASCII), got U+%04X at index %d in '%s'",
                        (int) c, i, host));
            }
        }
        if (host.length() > MAX_DOMAIN_BYTES) {
            throw new IllegalArgumentException("domain name too long for SOCKS5: " + host.length()
                    + " bytes, at most " + MAX_DOMAIN_BYTES);
        }
        return new Socks5Address(DOMAINNAME, host.getBytes(StandardCharsets.US_ASCII), port);
    }

    /** Strict dotted quad: four decimal parts 0..255 without leading zeros (so nothing reads as octal). */
    private static byte[] ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + host + "' (expected 4 dotted parts)");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + host + "' (part '" + p + "')");
            }
            b[i] = (byte) Integer.parseInt(p);
        }
        return b;
    }

    private static Socks5Address ipv6(String literal, int port) {
        if (literal.indexOf('%') >= 0) {
            throw new IllegalArgumentException("IPv6 scope ids mean nothing to a proxy: '" + literal + "'");
        }
        InetAddress parsed;
        try {
            // The brackets make the JDK treat the text as a literal only: a bad literal throws, nothing is looked up.
            parsed = InetAddress.getByName("[" + literal + "]");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: '" + literal + "'", e);
        }
        // An IPv4-mapped literal (::ffff:1.2.3.4) comes back as IPv4; it means the same address.
        return new Socks5Address(parsed instanceof Inet4Address ? IPV4 : IPV6, parsed.getAddress(), port);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
    }

    /** Writes {@code ATYP ADDR PORT}; the exact inverse of {@link #read}. */
    void write(ByteArrayOutputStream out) {
        out.write(type);
        if (type == DOMAINNAME) {
            out.write(address.length);
        }
        out.write(address, 0, address.length);
        out.write(port >>> 8);
        out.write(port & 0xff);
    }

    /**
     * Reads {@code ATYP ADDR PORT} of a reply; {@code field} names it in errors (e.g. "BND").
     *
     * @throws Socks5Exception on an unknown address type, an empty domain, or a reply cut short
     */
    static Socks5Address read(Socks5Input in, String field) throws Socks5Exception {
        int type = in.u8(field + " ATYP");
        byte[] address;
        switch (type) {
            case IPV4 -> address = in.bytes(4, field + ".ADDR IPv4 address");
            case IPV6 -> address = in.bytes(16, field + ".ADDR IPv6 address");
            case DOMAINNAME -> {
                int length = in.u8(field + ".ADDR domain length");
                if (length == 0) {
                    throw in.malformed(field + ".ADDR domain length is 0, expected 1..255");
                }
                address = in.bytes(length, field + ".ADDR domain");
            }
            default -> throw in.malformed(String.format(
                    "%s ATYP is 0x%02x, expected 0x01, 0x03 or 0x04", field, type));
        }
        return new Socks5Address(type, address, in.u16(field + ".PORT"));
    }

    /** {@code host:port} as a person writes it: {@code 1.2.3.4:80}, {@code [::1]:80}, {@code x.onion:8333}. */
    @Override
    public String toString() {
        String host = switch (type) {
            case DOMAINNAME -> new String(address, StandardCharsets.US_ASCII);
            case IPV6 -> "[" + literal() + "]";
            default -> literal();
        };
        return host + ":" + port;
    }

    private String literal() {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("checked in the constructor", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Socks5Address a && a.type == type && a.port == port && Arrays.equals(a.address, address);
    }

    @Override
    public int hashCode() {
        return (type * 31 + port) * 31 + Arrays.hashCode(address);
    }
}
