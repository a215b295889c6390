package io.peercensus.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.peercensus.Peer;
import io.peercensus.internal.sink.PeerCodec;
import java.io.IOException;

/**
 * The JSON form of a {@link Peer}, as NDJSON files, the HTTP feed and the database's JSON columns carry it.
 *
 * <p>One object with every key present, in this order: {@code network, peerID, addresses, protocols, agentVersion,
 * status, error, latencyMs, seenAt, source, bitcoin, neighbours}; an absent value is {@code null}. {@code error} is
 * {@code "<class>: <detail>"}, {@code seenAt} is ISO-8601 UTC as {@link java.time.Instant#toString()} writes it,
 * {@code bitcoin.services} and {@code bitcoin.nonce} are unsigned 64-bit numbers, and {@code bitcoin.userAgentRaw}
 * appears only when it is set.
 *
 * <p>Text: every character outside printable ASCII is escaped ({@code \}{@code u0000}, {@code \}{@code u2028},
 * {@code \}{@code ufffd}, ...), so the output is one line of ASCII that JavaScript can embed safely. Any string is
 * accepted; the only change made is that a lone UTF-16 surrogate, which cannot be encoded in UTF-8 and which strict
 * JSON parsers reject, is written as U+FFFD. For every other peer {@code fromJson(toJson(p)).equals(p)}.
 *
 * <p>Stateless and thread-safe.
 */
public final class PeerJson {

    private PeerJson() {
    }

    /**
     * The shared factory, configured as this class writes (non-ASCII escaped, targets never closed, duplicate keys
     * rejected). Make generators and parsers for peers from it.
     */
    public static JsonFactory factory() {
        return PeerCodec.FACTORY;
    }

    /**
     * Writes {@code peer} as one JSON object. For the escaping described above, make {@code g} with
     * {@link #factory()}.
     */
    public static void write(Peer peer, JsonGenerator g) throws IOException {
        PeerCodec.writePeer(peer, g);
    }

    /** {@code peer} as one line of JSON, without a line end. */
    public static String toJson(Peer peer) {
        return PeerCodec.toJson(g -> PeerCodec.writePeer(peer, g));
    }

    /**
     * Reads the next peer object: from the parser's current token when that is a {@code START_OBJECT}, else from
     * the next token. Leaves the parser on the object's {@code END_OBJECT}, so a loop of calls reads NDJSON or any
     * whitespace-separated sequence of objects. Keys it does not know are skipped.
     *
     * @return the peer, or {@code null} at the end of the input
     * @throws JsonParseException when the input is not a peer object: malformed JSON (bytes in no JSON encoding,
     *     nesting deeper or a number longer than the parser's limits included), a missing field, a value of the wrong
     *     type, an integer outside its field's range, an unknown status or error class, a bad timestamp; the message
     *     names the field and place
     */
    public static Peer read(JsonParser parser) throws IOException {
        return PeerCodec.readOrRefuse(parser, "peer", p -> {
            if (p.currentToken() != JsonToken.START_OBJECT && p.nextToken() == null) {
                return null;
            }
            return PeerCodec.readPeer(p);
        });
    }

    /**
     * Parses one peer object, such as one NDJSON line.
     *
     * @throws JsonParseException when {@code json} is not exactly one peer object (see {@link #read(JsonParser)})
     */
    public static Peer fromJson(String json) throws IOException {
        return PeerCodec.fromJson(json, "peer", PeerCodec::readPeer);
    }
}
