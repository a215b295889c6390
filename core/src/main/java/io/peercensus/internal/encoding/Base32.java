package io.peercensus.internal.encoding;

/**
 * RFC 4648 base32 with the lower-case alphabet and no padding, as Tor onion names, I2P {@code .b32.i2p}
 * names and the multibase {@code b} prefix use it. The one base32 codec of the project.
 *
 * <p>Stateless and thread-safe. Not public API.
 */
public final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
            VALUES[Character.toUpperCase(ALPHABET[i])] = (byte) i;
        }
    }

    private Base32() {
    }

    /** The base32 text of {@code data}: lower case, no padding, {@code ceil(8 * n / 5)} characters. */
    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /**
     * The bytes of base32 {@code text} (either case, no padding).
     *
     * @throws IllegalArgumentException naming the first bad character, or when the length cannot be
     *     base32 or the unused trailing bits are not zero
     */
    public static byte[] decode(CharSequence text) {
        int n = text.length();
        int rem = n % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw new IllegalArgumentException("base32: " + n + " characters is not a valid length");
        }
        byte[] out = new byte[n * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("base32: invalid character '" + c + "' at index " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("base32: non-zero trailing bits");
        }
        return out;
    }
}
