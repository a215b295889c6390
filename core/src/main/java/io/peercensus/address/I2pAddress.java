package io.peercensus.address;

import static io.peercensus.address.AddressFormatException.escape;
import static io.peercensus.address.AddressFormatException.quote;

import io.peercensus.internal.encoding.Base32;

/**
 * I2P {@code .b32.i2p} names and the 32-byte destination hashes behind them (BIP155 appendix C): the
 * SHA-256 hash of a destination in 52 base32 characters, then {@code .b32.i2p}.
 *
 * <p>Stateless and thread-safe.
 */
public final class I2pAddress {
    /** The name suffix, {@code .b32.i2p}. */
    public static final String SUFFIX = ".b32.i2p";

    private static final int HASH_LENGTH = 32;
    private static final int CHARS = 52;

    private I2pAddress() {
    }

    /** The {@code .b32.i2p} name of a 32-byte destination hash. */
    public static String b32Name(byte[] hash32) {
        OnionAddress.requireLength(hash32, HASH_LENGTH, "I2P hash");
        return Base32.encode(hash32) + SUFFIX;
    }

    /**
     * The 32-byte destination hash inside a {@code .b32.i2p} name (either case).
     *
     * @throws AddressFormatException when the suffix, the length (52 characters; longer "b33" names
     *     of encrypted lease sets are not destination hashes) or the base32 is wrong
     */
    public static byte[] hash(String b32Name) {
        int suffixAt = b32Name.length() - SUFFIX.length();
        if (suffixAt < 0 || !b32Name.regionMatches(true, suffixAt, SUFFIX, 0, SUFFIX.length())) {
            throw new AddressFormatException("I2P name " + quote(b32Name) + ": must end in " + SUFFIX);
        }
        if (suffixAt != CHARS) {
            throw new AddressFormatException("I2P name " + quote(b32Name) + ": expected " + CHARS
                    + " base32 characters before " + SUFFIX + ", got " + suffixAt);
        }
        try {
            return Base32.decode(b32Name.subSequence(0, suffixAt));
        } catch (IllegalArgumentException e) {
            throw new AddressFormatException("I2P name " + quote(b32Name) + ": " + escape(e.getMessage()), e);
        }
    }
}
