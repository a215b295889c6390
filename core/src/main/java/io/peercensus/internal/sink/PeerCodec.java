package io.peercensus.internal.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.peercensus.BitcoinInfo;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerError;
import io.peercensus.PeerStatus;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of {@link Peer} and {@link BitcoinInfo}: the field names and order of DESIGN.md, written and read
 * with jackson-core streaming. Behind {@code io.peercensus.sink.PeerJson}, the NDJSON sink and the JDBC sink's JSON
 * columns.
 *
 * <p>Strings are written through {@link #clean(String)}: a lone UTF-16 surrogate (which no UTF-8 text and many
 * JSON parsers cannot carry) becomes U+FFFD; every other character is kept, escaped as {@code \}{@code uXXXX} when it is
 * not printable ASCII. Stateless and thread-safe. Not public API.
 */
public final class PeerCodec {

    /**
     * The one factory: escapes every non-ASCII character (so U+2028/U+2029 are safe for JavaScript), never closes
     * the stream or writer it is handed, and rejects duplicate keys when reading.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private PeerCodec() {
    }

    /** {@code s} with each lone surrogate replaced by U+FFFD; {@code s} itself when it has none (or is null). */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean lone;
            if (Character.isHighSurrogate(c)) {
                lone = i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1));
                if (!lone) {
                    if (out != null) {
                        out.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                lone = Character.isLowSurrogate(c);
            }
            if (lone && out == null) {
                out = new StringBuilder(n).append(s, 0, i);
            }
            if (out != null) {
                out.append(lone ? '\uFFFD' : c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Writes {@code p} as one JSON object, every key present, in the DESIGN.md order. */
    public static void writePeer(Peer p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("network", p.network().name());
        g.writeStringField("peerID", clean(p.peerID()));
        g.writeFieldName("addresses");
        writeStrings(p.addresses(), g);
        g.writeFieldName("protocols");
        writeStrings(p.protocols(), g);
        g.writeStringField("agentVersion", clean(p.agentVersion()));
        g.writeStringField("status", p.status().jsonName());
        writeNullableString(g, "error", p.error() == null ? null : p.error().toJson());
        g.writeFieldName("latencyMs");
        if (p.latencyMs() == null) {
            g.writeNull();
        } else {
            g.writeNumber(p.latencyMs());
        }
        g.writeStringField("seenAt", p.seenAt().toString());
        writeNullableString(g, "source", p.source());
        g.writeFieldName("bitcoin");
        if (p.bitcoin() == null) {
            g.writeNull();
        } else {
            writeBitcoin(p.bitcoin(), g);
        }
        g.writeFieldName("neighbours");
        if (p.neighbours() == null) {
            g.writeNull();
        } else {
            g.writeNumber(p.neighbours());
        }
        g.writeEndObject();
    }

    /** Writes the {@code bitcoin} object; {@code userAgentRaw} only when it is set. */
    public static void writeBitcoin(BitcoinInfo b, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("version", b.version());
        g.writeFieldName("services");
        writeUnsigned(b.services(), g);
        g.writeFieldName("serviceFlags");
        writeStrings(b.serviceFlags(), g);
        g.writeNumberField("startHeight", b.startHeight());
        g.writeFieldName("relay");
        if (b.relay() == null) {
            g.writeNull();
        } else {
            g.writeBoolean(b.relay());
        }
        g.writeFieldName("nonce");
        writeUnsigned(b.nonce(), g);
        g.writeNumberField("addrCount", b.addrCount());
        if (b.userAgentRaw() != null) {
            g.writeStringField("userAgentRaw", clean(b.userAgentRaw()));
        }
        g.writeEndObject();
    }

    /** Writes a JSON array of strings. */
    public static void writeStrings(List<String> values, JsonGenerator g) throws IOException {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(clean(v));
        }
        g.writeEndArray();
    }

    private static void writeNullableString(JsonGenerator g, String name, String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(clean(value));
        }
    }

    private static void writeUnsigned(long v, JsonGenerator g) throws IOException {
        if (v >= 0) {
            g.writeNumber(v);
        } else {
            g.writeNumber(new BigInteger(Long.toUnsignedString(v)));
        }
    }

    /**
     * Reads one peer object whose {@code START_OBJECT} is the parser's current token, leaving the parser on its
     * {@code END_OBJECT}. Unknown keys are skipped (newer writers may add fields); known keys must have their type.
     *
     * @throws JsonParseException saying which field is missing or wrong, with the input location
     */
    public static Peer readPeer(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a peer object");
        Peer.Builder b = Peer.builder();
        boolean[] seen = new boolean[7];
        for (String name = nextField(p); name != null; name = nextField(p)) {
            switch (name) {
                case "network" -> {
                    b.network(parse(p, name, Network::of, requiredString(p, name)));
                    seen[0] = true;
                }
                case "peerID" -> {
                    b.peerID(requiredString(p, name));
                    seen[1] = true;
                }
                case "addresses" -> {
                    b.addresses(readStrings(p, name));
                    seen[2] = true;
                }
                case "protocols" -> {
                    b.protocols(readStrings(p, name));
                    seen[3] = true;
                }
                case "agentVersion" -> {
                    b.agentVersion(requiredString(p, name));
                    seen[4] = true;
                }
                case "status" -> {
                    b.status(parse(p, name, PeerStatus::ofJsonName, requiredString(p, name)));
                    seen[5] = true;
                }
                case "error" -> {
                    String e = nullableString(p, name);
                    b.error(e == null ? null : parse(p, name, PeerError::parse, e));
                }
                case "latencyMs" -> b.latencyMs(p.currentToken() == JsonToken.VALUE_NULL ? null : signed(p, name, Long.MIN_VALUE, Long.MAX_VALUE));
                case "seenAt" -> {
                    b.seenAt(parse(p, name, Instant::parse, requiredString(p, name)));
                    seen[6] = true;
                }
                case "source" -> b.source(nullableString(p, name));
                case "bitcoin" -> b.bitcoin(p.currentToken() == JsonToken.VALUE_NULL ? null : readBitcoin(p));
                case "neighbours" -> b.neighbours(p.currentToken() == JsonToken.VALUE_NULL ? null : (int) signed(p, name, Integer.MIN_VALUE, Integer.MAX_VALUE));
                default -> p.skipChildren();
            }
        }
        String[] required = {"network", "peerID", "addresses", "protocols", "agentVersion", "status", "seenAt"};
        for (int i = 0; i < required.length; i++) {
            if (!seen[i]) {
                throw new JsonParseException(p, "peer JSON: missing field '" + required[i] + "'");
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new JsonParseException(p, "peer JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a {@code bitcoin} object whose {@code START_OBJECT} is the parser's current token.
     *
     * @throws JsonParseException saying which field is missing or wrong
     */
    public static BitcoinInfo readBitcoin(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "field 'bitcoin' to be an object or null");
        Integer version = null;
        Integer startHeight = null;
        Integer addrCount = null;
        Long services = null;
        Long nonce = null;
        List<String> flags = null;
        Boolean relay = null;
        String raw = null;
        for (String name = nextField(p); name != null; name = nextField(p)) {
            switch (name) {
                case "version" -> version = int32(p, "bitcoin.version");
                case "services" -> services = unsigned(p, "bitcoin.services");
                case "serviceFlags" -> flags = readStrings(p, "bitcoin.serviceFlags");
                case "startHeight" -> startHeight = int32(p, "bitcoin.startHeight");
                case "relay" -> relay = switch (p.currentToken()) {
                    case VALUE_NULL -> null;
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    default -> throw wrongType(p, "bitcoin.relay", "a boolean or null");
                };
                case "nonce" -> nonce = unsigned(p, "bitcoin.nonce");
                case "addrCount" -> addrCount = int32(p, "bitcoin.addrCount");
                case "userAgentRaw" -> raw = nullableString(p, "bitcoin.userAgentRaw");
                default -> p.skipChildren();
            }
        }
        Object[] values = {version, services, flags, startHeight, nonce, addrCount};
        String[] names = {"version", "services", "serviceFlags", "startHeight", "nonce", "addrCount"};
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new JsonParseException(p, "peer JSON: missing field 'bitcoin." + names[i] + "'");
            }
        }
        return new BitcoinInfo(version, services, flags, startHeight, relay, nonce, addrCount, raw);
    }

    /** Reads a JSON array of strings whose {@code START_ARRAY} is the parser's current token. */
    public static List<String> readStrings(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(p, field, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw wrongType(p, field, "an array of strings");
            }
            out.add(p.getText());
        }
        return out;
    }

    /** {@code value} as a standalone JSON text, written by {@code writer}. */
    public static String toJson(JsonWriter writer) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e); // a string writer does not fail
        }
        return out.toString();
    }

    /** Writes one JSON value to a generator. */
    @FunctionalInterface
    public interface JsonWriter {
        /** Writes the value. */
        void write(JsonGenerator g) throws IOException;
    }

    /** Reads one JSON value from a parser positioned on its first token. */
    @FunctionalInterface
    public interface JsonReader<T> {
        /** Reads the value. */
        T read(JsonParser p) throws IOException;
    }

    /**
     * Parses {@code json}, which must hold exactly one value, with {@code reader}.
     *
     * @throws JsonParseException when the text is empty, malformed or has content after the value
     */
    public static <T> T fromJson(String json, String what, JsonReader<T> reader) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readOrRefuse(p, what, parser -> {
                if (parser.nextToken() == null) {
                    throw new JsonParseException(parser, what + " JSON: expected a value, got empty input");
                }
                T value = reader.read(parser);
                JsonToken extra = parser.nextToken();
                if (extra != null) {
                    throw new JsonParseException(parser, what + " JSON: expected end of input after the value, got " + extra);
                }
                return value;
            });
        }
    }

    /**
     * Runs {@code reader} on {@code p}, turning what Jackson throws for input that is not JSON text it will read
     * (bytes in no JSON encoding, nesting or a number past the parser's limits) into the {@link JsonParseException}
     * the readers declare for malformed input.
     */
    public static <T> T readOrRefuse(JsonParser p, String what, JsonReader<T> reader) throws IOException {
        try {
            return reader.read(p);
        } catch (StreamConstraintsException | CharConversionException e) {
            throw new JsonParseException(p, what + " JSON: " + e.getMessage(), e);
        }
    }

    private static String nextField(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) {
            return null;
        }
        if (t != JsonToken.FIELD_NAME) {
            throw new JsonParseException(p, "peer JSON: expected a field name or '}', got " + t);
        }
        String name = p.currentName();
        if (p.nextToken() == null) {
            throw new JsonParseException(p, "peer JSON: expected a value for field '" + name + "', got end of input");
        }
        return name;
    }

    private static void expect(JsonParser p, JsonToken token, String what) throws IOException {
        if (p.currentToken() != token) {
            throw new JsonParseException(p, "peer JSON: expected " + what + ", got " + p.currentToken());
        }
    }

    private static String requiredString(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(p, field, "a string");
        }
        return p.getText();
    }

    private static String nullableString(JsonParser p, String field) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            default -> throw wrongType(p, field, "a string or null");
        };
    }

    private static JsonParser integer(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(p, field, "an integer" + (field.startsWith("bitcoin.") ? "" : " or null"));
        }
        return p;
    }

    /** An integer from {@code min} to {@code max}; a larger one is refused as such, never coerced. */
    private static long signed(JsonParser p, String field, long min, long max) throws IOException {
        BigInteger v = integer(p, field).getBigIntegerValue();
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new JsonParseException(p, "peer JSON: field '" + field + "' must be a " + (max == Integer.MAX_VALUE ? 32 : 64)
                    + "-bit integer, got " + v);
        }
        return v.longValue();
    }

    private static int int32(JsonParser p, String field) throws IOException {
        return (int) signed(p, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static long unsigned(JsonParser p, String field) throws IOException {
        BigInteger v = integer(p, field).getBigIntegerValue();
        if (v.signum() < 0 || v.compareTo(TWO_TO_64) >= 0) {
            throw new JsonParseException(p, "peer JSON: field '" + field + "' must be an unsigned 64-bit integer, got " + v);
        }
        return v.longValue();
    }

    private static JsonParseException wrongType(JsonParser p, String field, String expected) {
        return new JsonParseException(p, "peer JSON: field '" + field + "' must be " + expected + ", got " + p.currentToken());
    }

    /** A value parser that reports bad input with {@link IllegalArgumentException} or {@link DateTimeParseException}. */
    private interface ValueParser<T> {
        T parse(String s);
    }

    private static <T> T parse(JsonParser p, String field, ValueParser<T> parser, String text) throws IOException {
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new JsonParseException(p, "peer JSON: field '" + field + "' has a bad value: " + e.getMessage(), e);
        }
    }
}
