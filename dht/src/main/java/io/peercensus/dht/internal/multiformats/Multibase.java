package io.peercensus.dht.internal.multiformats;

import io.peercensus.dht.multiformats.MultiformatException;
import io.peercensus.internal.encoding.Base32;
import java.util.Base64;

/**
 * Multibase text: one prefix character naming the base, then the data in that base. Supports the bases
 * libp2p uses: {@code z} base58btc, {@code b} base32 (lower case, no padding), {@code k} base36 and
 * {@code u} base64url (no padding).
 *
 * <p>Stateless and thread-safe. Not public API.
 */
public final class Multibase {

    /** A supported base and its prefix character. */
    public enum Base {
        /** {@code z}: base58 with the Bitcoin alphabet. */
        BASE58BTC('z'),
        /** {@code b}: RFC 4648 base32, lower case, no padding. */
        BASE32('b'),
        /** {@code k}: base36, lower case. */
        BASE36('k'),
        /** {@code u}: RFC 4648 base64url, no padding. */
        BASE64URL('u');

        private final char prefix;

        Base(char prefix) {
            this.prefix = prefix;
        }

        /** The prefix character. */
        public char prefix() {
            return prefix;
        }
    }

    /** The longest multibase text {@link #decode} accepts. */
    public static final int MAX_CHARS = BaseX.MAX_CHARS + 1;

    private Multibase() {
    }

    /** {@code data} as multibase text in {@code base}. */
    public static String encode(Base base, byte[] data) {
        String body = switch (base) {
            case BASE58BTC -> BaseX.BASE58BTC.encode(data);
            case BASE32 -> Base32.encode(data);
            case BASE36 -> BaseX.BASE36.encode(data);
            case BASE64URL -> Base64.getUrlEncoder().withoutPadding().encodeToString(data);
        };
        return base.prefix + body;
    }

    /**
     * The data of multibase {@code text}.
     *
     * @throws MultiformatException on an empty or over-long text, an unsupported prefix or a bad body
     */
    public static byte[] decode(String text) {
        if (text.isEmpty()) {
            throw new MultiformatException("multibase: empty text");
        }
        if (text.length() > MAX_CHARS) {
            throw new MultiformatException("multibase: " + text.length() + " characters exceeds the limit of " + MAX_CHARS);
        }
        String body = text.substring(1);
        char prefix = text.charAt(0);
        try {
            return switch (prefix) {
                case 'z' -> BaseX.BASE58BTC.decode(body);
                case 'b' -> Base32.decode(body);
                case 'k' -> BaseX.BASE36.decode(body);
                case 'u' -> decodeBase64Url(body);
                default -> throw new MultiformatException("multibase: unsupported prefix '" + prefix + "'");
            };
        } catch (MultiformatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MultiformatException("multibase: " + e.getMessage(), e);
        }
    }

    private static byte[] decodeBase64Url(String body) {
        if (body.indexOf('=') >= 0) {
            throw new MultiformatException("multibase: base64url text must not be padded");
        }
        return Base64.getUrlDecoder().decode(body);
    }
}
