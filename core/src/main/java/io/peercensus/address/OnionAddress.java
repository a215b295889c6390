package io.peercensus.address;

import io.peercensus.internal.address.IpLiteral;
import static io.peercensus.address.AddressFormatException.escape;
import static io.peercensus.address.AddressFormatException.quote;

import io.peercensus.internal.encoding.Base32;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Tor onion names and the bytes behind them: v3 names per the Tor rend-spec v3 ("Encoding onion
 * addresses"), v2 names, and the OnionCat IPv6 form (fd87:d87e:eb43::/48) in which the Bitcoin
 * {@code addr} message carries v2 addresses.
 *
 * <p>Stateless and thread-safe.
 */
public final class OnionAddress {
    /** The name suffix, {@code .onion}. */
    public static final String SUFFIX = ".onion";
    /** The only onion service version a v3 name may carry. */
    public static final int V3_VERSION = 3;

    private static final int V3_KEY_LENGTH = 32;
    private static final int V3_CHARS = 56;
    private static final int V2_LENGTH = 10;
    private static final int V2_CHARS = 16;
    private static final byte[] CHECKSUM_PREFIX = ".onion checksum".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONIONCAT_PREFIX = {(byte) 0xfd, (byte) 0x87, (byte) 0xd8, 0x7e, (byte) 0xeb, 0x43};

    private OnionAddress() {
    }

    /**
     * The v3 onion name of an ed25519 public key: {@code base32(pubkey || checksum || 0x03) + ".onion"},
     * where checksum is the first two bytes of {@code SHA3-256(".onion checksum" || pubkey || 0x03)}.
     */
    public static String v3Name(byte[] publicKey32) {
        requireLength(publicKey32, V3_KEY_LENGTH, "Tor v3 public key");
        byte[] raw = Arrays.copyOf(publicKey32, V3_KEY_LENGTH + 3);
        byte[] checksum = v3Checksum(publicKey32, (byte) V3_VERSION);
        raw[32] = checksum[0];
        raw[33] = checksum[1];
        raw[34] = V3_VERSION;
        return Base32.encode(raw) + SUFFIX;
    }

    /**
     * The ed25519 public key inside a v3 onion name (either case). Checks the length, the base32, the
     * version byte (only 3) and the checksum.
     *
     * @throws AddressFormatException saying which check failed, for example
     *     {@code Tor v3 onion name '...': bad checksum} or {@code ...: unsupported version 4}
     */
    public static byte[] v3PublicKey(String name) {
        byte[] raw = decodeName(name, V3_CHARS, "Tor v3 onion name");
        int version = raw[34] & 0xff;
        if (version != V3_VERSION) {
            throw new AddressFormatException("Tor v3 onion name " + quote(name) + ": unsupported version " + version);
        }
        byte[] key = Arrays.copyOf(raw, V3_KEY_LENGTH);
        byte[] checksum = v3Checksum(key, raw[34]);
        if (checksum[0] != raw[32] || checksum[1] != raw[33]) {
            throw new AddressFormatException("Tor v3 onion name " + quote(name) + ": bad checksum");
        }
        return key;
    }

    /** The v2 onion name of a 10-byte v2 service id: 16 base32 characters and {@code .onion}. */
    public static String v2Name(byte[] ten) {
        requireLength(ten, V2_LENGTH, "Tor v2 address");
        return Base32.encode(ten) + SUFFIX;
    }

    /** The 10-byte service id inside a v2 onion name (16 base32 characters, either case). */
    public static byte[] v2Bytes(String name) {
        return decodeName(name, V2_CHARS, "Tor v2 onion name");
    }

    /** The OnionCat IPv6 address (fd87:d87e:eb43::/48) that carries a 10-byte v2 service id. */
    public static byte[] toOnionCat(byte[] v2ten) {
        requireLength(v2ten, V2_LENGTH, "Tor v2 address");
        byte[] out = new byte[16];
        System.arraycopy(ONIONCAT_PREFIX, 0, out, 0, ONIONCAT_PREFIX.length);
        System.arraycopy(v2ten, 0, out, ONIONCAT_PREFIX.length, V2_LENGTH);
        return out;
    }

    /** The 10-byte v2 service id inside an OnionCat IPv6 address. */
    public static byte[] fromOnionCat(byte[] ipv6sixteen) {
        requireLength(ipv6sixteen, 16, "OnionCat address");
        if (!isOnionCat(ipv6sixteen)) {
            throw new AddressFormatException("OnionCat address must be in fd87:d87e:eb43::/48, got "
                    + IpLiteral.formatIpv6(ipv6sixteen));
        }
        return Arrays.copyOfRange(ipv6sixteen, ONIONCAT_PREFIX.length, 16);
    }

    /** Whether 16 bytes are an OnionCat address (in fd87:d87e:eb43::/48). */
    public static boolean isOnionCat(byte[] ipv6sixteen) {
        return ipv6sixteen.length == 16
                && Arrays.equals(ipv6sixteen, 0, ONIONCAT_PREFIX.length, ONIONCAT_PREFIX, 0, ONIONCAT_PREFIX.length);
    }

    private static byte[] v3Checksum(byte[] publicKey, byte version) {
        MessageDigest sha3;
        try {
            sha3 = MessageDigest.getInstance("SHA3-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA3-256 (every JDK 9+ should)", e);
        }
        sha3.update(CHECKSUM_PREFIX);
        sha3.update(publicKey);
        sha3.update(version);
        return Arrays.copyOf(sha3.digest(), 2);
    }

    /** The bytes of {@code chars} base32 characters followed by {@code .onion}, after checking both. */
    private static byte[] decodeName(String name, int chars, String what) {
        int suffixAt = name.length() - SUFFIX.length();
        if (suffixAt < 0 || !name.regionMatches(true, suffixAt, SUFFIX, 0, SUFFIX.length())) {
            throw new AddressFormatException(what + " " + quote(name) + ": must end in " + SUFFIX);
        }
        if (suffixAt != chars) {
            throw new AddressFormatException(what + " " + quote(name) + ": expected " + chars
                    + " base32 characters before " + SUFFIX + ", got " + suffixAt);
        }
        try {
            return Base32.decode(name.subSequence(0, suffixAt));
        } catch (IllegalArgumentException e) {
            throw new AddressFormatException(what + " " + quote(name) + ": " + escape(e.getMessage()), e);
        }
    }

    static void requireLength(byte[] bytes, int length, String what) {
        if (bytes.length != length) {
            throw new AddressFormatException(what + " must be " + length + " bytes, got " + bytes.length);
        }
    }
}
