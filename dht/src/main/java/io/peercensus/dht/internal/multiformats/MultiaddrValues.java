package io.peercensus.dht.internal.multiformats;

import io.peercensus.internal.address.IpLiteral;
import io.peercensus.dht.multiformats.MultiaddrProtocol;
import io.peercensus.dht.multiformats.MultiformatException;
import io.peercensus.dht.multiformats.Multihash;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.internal.encoding.Base32;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The value of each {@link MultiaddrProtocol} in binary and in text: checks binary values, converts text
 * to bytes and bytes to text. Every method switches over all protocols, so a new protocol does not
 * compile until it is handled here.
 *
 * <p>Stateless and thread-safe. Not public API.
 */
public final class MultiaddrValues {
    /** The longest domain name, SNI or zone accepted, in bytes. */
    public static final int MAX_NAME_LENGTH = 255;

    private static final int ONION_HASH_LENGTH = 10;
    private static final int ONION3_KEY_LENGTH = 35;
    private static final int GARLIC32_HASH_LENGTH = 32;
    private static final int GARLIC32_MIN_LENGTH = 35;
    private static final int GARLIC64_MIN_LENGTH = 386;
    private static final Base64.Encoder I2P_BASE64_ENCODER = Base64.getEncoder();
    private static final Base64.Decoder I2P_BASE64_DECODER = Base64.getDecoder();

    private MultiaddrValues() {
    }

    /**
     * Checks that {@code value} is a valid binary value of {@code protocol} (its size was checked already).
     *
     * @throws MultiformatException naming the protocol and what is wrong
     */
    public static void check(MultiaddrProtocol protocol, byte[] value) {
        switch (protocol) {
            case IP4, IP6, IPCIDR, TCP, UDP, DCCP, SCTP -> requireSize(protocol, value);
            case ONION -> checkOnion(protocol, value, ONION_HASH_LENGTH);
            case ONION3 -> checkOnion(protocol, value, ONION3_KEY_LENGTH);
            case DNS, DNS4, DNS6, DNSADDR, SNI, IP6ZONE -> name(protocol, value);
            case P2P -> peerId(protocol, value);
            case CERTHASH -> multihash(protocol, value);
            case GARLIC32 -> checkGarlic32(protocol, value);
            case GARLIC64 -> {
                if (value.length < GARLIC64_MIN_LENGTH) {
                    throw invalid(protocol, "destination must be at least " + GARLIC64_MIN_LENGTH + " bytes, got " + value.length);
                }
            }
            case WEBRTC_DIRECT, WEBRTC, P2P_CIRCUIT, UDT, UTP, HTTPS, TLS, NOISE, QUIC, QUIC_V1, WEBTRANSPORT, WS, WSS, HTTP ->
                    requireSize(protocol, value);
        }
    }

    /** The text of a valid binary {@code value} of {@code protocol}. */
    public static String toText(MultiaddrProtocol protocol, byte[] value) {
        return switch (protocol) {
            case IP4 -> IpLiteral.formatIpv4(value);
            case IP6 -> IpLiteral.formatIpv6(value);
            case IPCIDR -> Integer.toString(value[0] & 0xff);
            case TCP, UDP, DCCP, SCTP -> Integer.toString(port(value, 0));
            case ONION -> onionText(value, ONION_HASH_LENGTH);
            case ONION3 -> onionText(value, ONION3_KEY_LENGTH);
            case DNS, DNS4, DNS6, DNSADDR, SNI, IP6ZONE -> name(protocol, value);
            case P2P -> peerId(protocol, value).toString();
            case CERTHASH -> Multibase.encode(Multibase.Base.BASE64URL, value);
            case GARLIC32 -> Base32.encode(value);
            case GARLIC64 -> I2P_BASE64_ENCODER.encodeToString(value).replace('+', '-').replace('/', '~');
            case WEBRTC_DIRECT, WEBRTC, P2P_CIRCUIT, UDT, UTP, HTTPS, TLS, NOISE, QUIC, QUIC_V1, WEBTRANSPORT, WS, WSS, HTTP -> "";
        };
    }

    /**
     * The binary value of {@code protocol} written as {@code text}.
     *
     * @throws MultiformatException naming the protocol and what is wrong with {@code text}
     */
    public static byte[] fromText(MultiaddrProtocol protocol, String text) {
        byte[] value = switch (protocol) {
            case IP4 -> decodeOrInvalid(protocol, () -> IpLiteral.parseIpv4(text));
            case IP6 -> decodeOrInvalid(protocol, () -> IpLiteral.parseIpv6(text));
            case IPCIDR -> new byte[] {(byte) decimal(protocol, text, 255)};
            case TCP, UDP, DCCP, SCTP -> {
                int port = decimal(protocol, text, 65535);
                yield new byte[] {(byte) (port >>> 8), (byte) port};
            }
            case ONION -> onionBytes(protocol, text, ONION_HASH_LENGTH);
            case ONION3 -> onionBytes(protocol, text, ONION3_KEY_LENGTH);
            case DNS, DNS4, DNS6, DNSADDR, SNI, IP6ZONE -> text.getBytes(StandardCharsets.UTF_8);
            case P2P -> decodeOrInvalid(protocol, () -> PeerId.parse(text).toBytes());
            case CERTHASH -> decodeOrInvalid(protocol, () -> Multibase.decode(text));
            case GARLIC32 -> decodeOrInvalid(protocol, () -> Base32.decode(text));
            case GARLIC64 -> {
                if (text.indexOf('+') >= 0 || text.indexOf('/') >= 0) {
                    throw invalid(protocol, "'" + text + "' is not I2P base64");
                }
                yield decodeOrInvalid(protocol, () -> I2P_BASE64_DECODER.decode(text.replace('-', '+').replace('~', '/')));
            }
            case WEBRTC_DIRECT, WEBRTC, P2P_CIRCUIT, UDT, UTP, HTTPS, TLS, NOISE, QUIC, QUIC_V1, WEBTRANSPORT, WS, WSS, HTTP ->
                    new byte[0];
        };
        check(protocol, value);
        return value;
    }

    private static void requireSize(MultiaddrProtocol protocol, byte[] value) {
        if (!protocol.isVariableSize() && value.length != protocol.fixedSize()) {
            throw invalid(protocol, "value must be " + protocol.fixedSize() + " bytes, got " + value.length);
        }
    }

    private static int port(byte[] value, int offset) {
        return ((value[offset] & 0xff) << 8) | (value[offset + 1] & 0xff);
    }

    private static int decimal(MultiaddrProtocol protocol, String text, int max) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(text) > max) {
            throw invalid(protocol, "value must be a number 0.." + max + ", got '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private static void checkOnion(MultiaddrProtocol protocol, byte[] value, int keyLength) {
        requireSize(protocol, value);
        if (port(value, keyLength) == 0) {
            throw invalid(protocol, "port must be 1..65535, got 0");
        }
    }

    private static String onionText(byte[] value, int keyLength) {
        byte[] key = new byte[keyLength];
        System.arraycopy(value, 0, key, 0, keyLength);
        return Base32.encode(key) + ":" + port(value, keyLength);
    }

    private static byte[] onionBytes(MultiaddrProtocol protocol, String text, int keyLength) {
        int colon = text.indexOf(':');
        int textLength = (keyLength * 8 + 4) / 5;
        if (colon != textLength) {
            throw invalid(protocol, "value must be " + textLength + " base32 characters, ':' and a port, got '" + text + "'");
        }
        byte[] key = decodeOrInvalid(protocol, () -> Base32.decode(text.substring(0, colon)));
        int port = decimal(protocol, text.substring(colon + 1), 65535);
        byte[] value = new byte[keyLength + 2];
        System.arraycopy(key, 0, value, 0, keyLength);
        value[keyLength] = (byte) (port >>> 8);
        value[keyLength + 1] = (byte) port;
        return value;
    }

    private static void checkGarlic32(MultiaddrProtocol protocol, byte[] value) {
        if (value.length != GARLIC32_HASH_LENGTH && value.length < GARLIC32_MIN_LENGTH) {
            throw invalid(protocol, "value must be 32 or at least 35 bytes, got " + value.length);
        }
    }

    private static String name(MultiaddrProtocol protocol, byte[] value) {
        if (value.length == 0) {
            throw invalid(protocol, "value must not be empty");
        }
        if (value.length > MAX_NAME_LENGTH) {
            throw invalid(protocol, "value of " + value.length + " bytes exceeds the limit of " + MAX_NAME_LENGTH);
        }
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw invalid(protocol, "value is not valid UTF-8");
        }
        if (text.indexOf('/') >= 0) {
            throw invalid(protocol, "value must not contain '/', got '" + text + "'");
        }
        return text;
    }

    private static PeerId peerId(MultiaddrProtocol protocol, byte[] value) {
        try {
            return PeerId.fromBytes(value);
        } catch (MultiformatException e) {
            throw invalid(protocol, e.getMessage(), e);
        }
    }

    private static void multihash(MultiaddrProtocol protocol, byte[] value) {
        try {
            Multihash.decode(value);
        } catch (MultiformatException e) {
            throw invalid(protocol, e.getMessage(), e);
        }
    }

    private interface Decoding {
        byte[] decode();
    }

    private static byte[] decodeOrInvalid(MultiaddrProtocol protocol, Decoding decoding) {
        try {
            return decoding.decode();
        } catch (IllegalArgumentException e) {
            throw invalid(protocol, e.getMessage(), e);
        }
    }

    private static MultiformatException invalid(MultiaddrProtocol protocol, String detail) {
        return new MultiformatException("multiaddr: " + protocol.protocolName() + ": " + detail);
    }

    private static MultiformatException invalid(MultiaddrProtocol protocol, String detail, Throwable cause) {
        return new MultiformatException("multiaddr: " + protocol.protocolName() + ": " + detail, cause);
    }
}
