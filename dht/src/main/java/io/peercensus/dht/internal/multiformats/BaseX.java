package io.peercensus.dht.internal.multiformats;

import io.peercensus.dht.multiformats.MultiformatException;
import java.util.Arrays;

/**
 * A big-number base-N codec where each leading zero byte becomes the alphabet's first character, as
 * base58btc (the Bitcoin alphabet) and multibase base36 define it. Decoding is quadratic, so input is
 * capped at {@link #MAX_CHARS} characters before any work.
 *
 * <p>Immutable and thread-safe. Not public API.
 */
public final class BaseX {
    /** Base58 with the Bitcoin alphabet, as peer IDs and multibase {@code z} use it. */
    public static final BaseX BASE58BTC = new BaseX("base58", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");
    /** Base36 with the lower-case alphabet, as multibase {@code k} uses it. */
    public static final BaseX BASE36 = new BaseX("base36", "0123456789abcdefghijklmnopqrstuvwxyz");

    /** The longest text {@link #decode} accepts (about 1 KiB of data in base58). */
    public static final int MAX_CHARS = 1400;

    private final String name;
    private final char[] alphabet;
    private final byte[] values = new byte[128];
    private final int base;

    private BaseX(String name, String alphabet) {
        this.name = name;
        this.alphabet = alphabet.toCharArray();
        this.base = alphabet.length();
        Arrays.fill(values, (byte) -1);
        for (int i = 0; i < base; i++) {
            values[alphabet.charAt(i)] = (byte) i;
        }
    }

    /** The text of {@code data} in this base. */
    public String encode(byte[] data) {
        if (data.length > MAX_CHARS) {
            throw new IllegalArgumentException(name + ": " + data.length + " bytes exceeds the limit of " + MAX_CHARS);
        }
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // Digits of the number, least significant first; log(256)/log(36) < 1.55.
        byte[] digits = new byte[(data.length - zeros) * 155 / 100 + 1];
        int length = 0;
        for (int i = zeros; i < data.length; i++) {
            int carry = data[i] & 0xff;
            for (int j = 0; j < length; j++) {
                carry += (digits[j] & 0xff) << 8;
                digits[j] = (byte) (carry % base);
                carry /= base;
            }
            while (carry > 0) {
                digits[length++] = (byte) (carry % base);
                carry /= base;
            }
        }
        StringBuilder out = new StringBuilder(zeros + length);
        for (int i = 0; i < zeros; i++) {
            out.append(alphabet[0]);
        }
        for (int i = length - 1; i >= 0; i--) {
            out.append(alphabet[digits[i]]);
        }
        return out.toString();
    }

    /**
     * The bytes of {@code text} in this base.
     *
     * @throws MultiformatException naming the first bad character, or when the text is over {@link #MAX_CHARS}
     */
    public byte[] decode(CharSequence text) {
        int n = text.length();
        if (n > MAX_CHARS) {
            throw new MultiformatException(name + ": " + n + " characters exceeds the limit of " + MAX_CHARS);
        }
        int zeros = 0;
        while (zeros < n && text.charAt(zeros) == alphabet[0]) {
            zeros++;
        }
        // Bytes of the number, least significant first; log(58)/log(256) < 0.74.
        byte[] bytes = new byte[(n - zeros) * 74 / 100 + 1];
        int length = 0;
        for (int i = zeros; i < n; i++) {
            char c = text.charAt(i);
            int carry = c < 128 ? values[c] : -1;
            if (carry < 0) {
                throw new MultiformatException(name + ": invalid character '" + c + "' at index " + i);
            }
            for (int j = 0; j < length; j++) {
                carry += (bytes[j] & 0xff) * base;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            while (carry > 0) {
                bytes[length++] = (byte) carry;
                carry >>>= 8;
            }
        }
        byte[] out = new byte[zeros + length];
        for (int i = 0; i < length; i++) {
            out[zeros + i] = bytes[length - 1 - i];
        }
        return out;
    }
}
