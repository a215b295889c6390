package io.peercensus.address;

import io.peercensus.internal.address.IpLiteral;
import static io.peercensus.address.AddressFormatException.quote;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The address of a peer on one of the networks Bitcoin gossips (BIP155): IPv4, IPv6, Tor v2, Tor v3,
 * I2P or CJDNS, kept as its type and its BIP155 bytes so nothing is lost on the way through.
 *
 * <p>IPv6 input is normalised as Bitcoin's {@code addr} message means it: an IPv4-mapped address
 * ({@code ::ffff:a.b.c.d}) becomes {@link AddressType#IPV4} and an OnionCat address
 * ({@code fd87:d87e:eb43::/48}) becomes {@link AddressType#TORV2}. Text is never resolved: no method
 * of this class looks anything up in DNS.
 *
 * <p>Equality is over type and bytes. Text cannot tell CJDNS from IPv6 (both are IPv6 literals), so
 * {@link #parse} gives {@code IPV6}; {@link #toCjdns()} converts.
 *
 * <p>Immutable and thread-safe.
 */
public final class NetAddress {
    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final AddressType type;
    private final byte[] bytes;
    private final String host;
    /** Worked out on first use: most addresses a crawl hears of are only named, never dialed. */
    private volatile AddressScope scope;

    private NetAddress(AddressType type, byte[] bytes) {
        this.type = type;
        this.bytes = bytes;
        this.host = switch (type) {
            case IPV4 -> IpLiteral.formatIpv4(bytes);
            case IPV6, CJDNS -> IpLiteral.formatIpv6(bytes);
            case TORV2 -> OnionAddress.v2Name(bytes);
            case TORV3 -> OnionAddress.v3Name(bytes);
            case I2P -> I2pAddress.b32Name(bytes);
        };
    }

    /** An IPv4 address from its 4 bytes. */
    public static NetAddress ipv4(byte[] four) {
        OnionAddress.requireLength(four, 4, "IPv4 address");
        return new NetAddress(AddressType.IPV4, four.clone());
    }

    /**
     * An IPv6 address from its 16 bytes; an IPv4-mapped address gives {@link AddressType#IPV4} and an
     * OnionCat address gives {@link AddressType#TORV2}.
     */
    public static NetAddress ipv6(byte[] sixteen) {
        OnionAddress.requireLength(sixteen, 16, "IPv6 address");
        if (Arrays.equals(sixteen, 0, 12, IPV4_MAPPED_PREFIX, 0, 12)) {
            return new NetAddress(AddressType.IPV4, Arrays.copyOfRange(sixteen, 12, 16));
        }
        if (OnionAddress.isOnionCat(sixteen)) {
            return new NetAddress(AddressType.TORV2, OnionAddress.fromOnionCat(sixteen));
        }
        return new NetAddress(AddressType.IPV6, sixteen.clone());
    }

    /**
     * The address of {@code a}, normalised as {@link #ipv6(byte[])} does. Takes only its bytes: no
     * lookup, and an IPv6 scope (zone) id is dropped.
     */
    public static NetAddress of(InetAddress a) {
        byte[] raw = a.getAddress();
        return a instanceof Inet4Address ? ipv4(raw) : ipv6(raw);
    }

    /**
     * The address of {@code type} from its BIP155 bytes, as an {@code addrv2} entry carries it; IPv6
     * bytes are normalised as {@link #ipv6(byte[])} does (BIP155 asks receivers to ignore IPv6 entries
     * that come out as another type).
     *
     * @throws AddressFormatException when the length is not the type's, or CJDNS bytes are outside fc00::/8
     */
    public static NetAddress of(AddressType type, byte[] bytes) {
        return switch (type) {
            case IPV4 -> ipv4(bytes);
            case IPV6 -> ipv6(bytes);
            case TORV2 -> torV2(bytes);
            case TORV3 -> torV3(bytes);
            case I2P -> i2p(bytes);
            case CJDNS -> cjdns(bytes);
        };
    }

    /** A Tor v2 onion service from its 10-byte service id. */
    public static NetAddress torV2(byte[] ten) {
        OnionAddress.requireLength(ten, 10, "Tor v2 address");
        return new NetAddress(AddressType.TORV2, ten.clone());
    }

    /** A Tor v3 onion service from its 32-byte ed25519 public key. */
    public static NetAddress torV3(byte[] publicKey32) {
        OnionAddress.requireLength(publicKey32, 32, "Tor v3 public key");
        return new NetAddress(AddressType.TORV3, publicKey32.clone());
    }

    /** An I2P destination from its 32-byte SHA-256 hash. */
    public static NetAddress i2p(byte[] hash32) {
        OnionAddress.requireLength(hash32, 32, "I2P hash");
        return new NetAddress(AddressType.I2P, hash32.clone());
    }

    /** A CJDNS address from its 16 bytes, which must start with {@code 0xfc} (BIP155 appendix D). */
    public static NetAddress cjdns(byte[] sixteen) {
        OnionAddress.requireLength(sixteen, 16, "CJDNS address");
        if ((sixteen[0] & 0xff) != 0xfc) {
            throw new AddressFormatException(String.format("CJDNS address must start with 0xfc, got 0x%02x", sixteen[0] & 0xff));
        }
        return new NetAddress(AddressType.CJDNS, sixteen.clone());
    }

    /**
     * The address written as {@code host}: a dotted-quad IPv4 address, an IPv6 address with or without
     * brackets, a Tor name ({@code <16>.onion} or {@code <56>.onion}) or an I2P name
     * ({@code <52>.b32.i2p}); names in either case. Never resolves a hostname.
     *
     * @throws AddressFormatException for anything else, saying what was wrong
     */
    public static NetAddress parse(String host) {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new AddressFormatException("host is empty");
        }
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 2) {
                throw new AddressFormatException("host " + quote(host) + ": missing ']'");
            }
            String inner = host.substring(1, host.length() - 1);
            if (inner.indexOf(':') < 0) {
                throw new AddressFormatException("host " + quote(host) + ": brackets are only for IPv6 addresses");
            }
            return ipv6(IpLiteral.parseIpv6(inner));
        }
        if (endsWithIgnoreCase(host, OnionAddress.SUFFIX)) {
            int chars = host.length() - OnionAddress.SUFFIX.length();
            if (chars == 16) {
                return torV2(OnionAddress.v2Bytes(host));
            }
            if (chars == 56) {
                return torV3(OnionAddress.v3PublicKey(host));
            }
            throw new AddressFormatException("onion name " + quote(host) + ": expected 16 (Tor v2) or 56 (Tor v3)"
                    + " base32 characters before .onion, got " + chars);
        }
        if (endsWithIgnoreCase(host, I2pAddress.SUFFIX)) {
            return i2p(I2pAddress.hash(host));
        }
        if (host.indexOf(':') >= 0) {
            return ipv6(IpLiteral.parseIpv6(host));
        }
        if (host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return ipv4(IpLiteral.parseIpv4(host));
        }
        throw new AddressFormatException("host " + quote(host)
                + ": not an IP address, .onion or .b32.i2p name (hostnames are not resolved)");
    }

    private static boolean endsWithIgnoreCase(String text, String suffix) {
        return text.regionMatches(true, text.length() - suffix.length(), suffix, 0, suffix.length());
    }

    /** The network of this address. */
    public AddressType type() {
        return type;
    }

    /** A copy of the BIP155 bytes: 4 (IPv4), 16 (IPv6), 10 (Tor v2), 32 (Tor v3), 32 (I2P) or 16 (CJDNS). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Where this address is reachable from; {@link AddressScope#OVERLAY} for Tor, I2P and CJDNS. */
    public AddressScope scope() {
        AddressScope s = scope;
        if (s == null) { // a benign race: every thread works out the same value
            s = switch (type) {
                case IPV4, IPV6 -> SpecialPurposeRegistry.scopeOf(bytes);
                case TORV2, TORV3, I2P, CJDNS -> AddressScope.OVERLAY;
            };
            scope = s;
        }
        return s;
    }

    /** Whether {@link #scope()} is {@link AddressScope#PUBLIC}. */
    public boolean isPublic() {
        return scope().isPublic();
    }

    /**
     * The canonical text: dotted quad, RFC 5952 IPv6 (CJDNS too), {@code <name>.onion} or
     * {@code <52>.b32.i2p}, all lower case.
     */
    public String host() {
        return host;
    }

    /**
     * This IPv6 address in fc00::/8 as a CJDNS address (the text of the two is the same; the network
     * it is used on decides), or this address itself when it is CJDNS already.
     *
     * @throws IllegalStateException for any other address
     */
    public NetAddress toCjdns() {
        if (type == AddressType.CJDNS) {
            return this;
        }
        if (type != AddressType.IPV6 || (bytes[0] & 0xff) != 0xfc) {
            throw new IllegalStateException(host + " is not an IPv6 address in fc00::/8");
        }
        return new NetAddress(AddressType.CJDNS, bytes);
    }

    /**
     * The {@link InetAddress} of an IPv4, IPv6 or CJDNS address, made from its bytes (no lookup).
     *
     * @throws IllegalStateException for Tor and I2P, which have no IP address
     */
    public InetAddress toInetAddress() {
        return switch (type) {
            case IPV4, IPV6, CJDNS -> {
                try {
                    yield InetAddress.getByAddress(bytes);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("the JDK refused a " + bytes.length + "-byte address", e);
                }
            }
            case TORV2, TORV3, I2P -> throw new IllegalStateException(
                    type + " address " + host + " has no IP address; dial it through a SOCKS5 proxy by name");
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetAddress other && type == other.type && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * type.ordinal() + Arrays.hashCode(bytes);
    }

    /** {@link #host()}. */
    @Override
    public String toString() {
        return host;
    }
}
