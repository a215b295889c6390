package io.peercensus.dht.internal.multistream;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.multiformats.UnsignedVarint;
import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.dht.multiformats.MultiformatException;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * multistream-select 1.0 ({@code /multistream/1.0.0}): each message is an unsigned-varint length, then that
 * many bytes of UTF-8 text ending in a newline. Both sides send the header; the initiator proposes protocols
 * one at a time and the responder echoes the one it accepts or answers {@code na}. {@code ls} is not spoken
 * (it is answered {@code na}). Messages are capped at {@value #MAX_MESSAGE_LENGTH} bytes before anything is
 * allocated, and every read is bounded by the caller's deadline.
 *
 * <p>Stateless and thread-safe; each call runs one negotiation on the streams it is given.
 */
public final class Multistream {
    /** The protocol ID of multistream-select 1.0, sent as the header. */
    public static final String PROTOCOL_ID = "/multistream/1.0.0";
    /** The responder's refusal. */
    public static final String NA = "na";
    /** The longest message accepted or sent, newline included. */
    public static final int MAX_MESSAGE_LENGTH = 1024;
    /** How many proposals a responder hears out before calling the initiator broken. */
    public static final int MAX_PROPOSALS = 64;

    /** The header then {@code na}: the shortest reply to a lazy proposal. */
    private static final int SHORTEST_LAZY_REPLY = encode(PROTOCOL_ID).length + encode(NA).length;

    private Multistream() {
    }

    /**
     * Negotiates as initiator: proposes {@code protocols} in order (the header and the first proposal go out
     * together) until the responder accepts one.
     *
     * @return the accepted protocol, or empty when the responder refused them all
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) on a malformed or oversized message, a wrong header
     *     or a reply that is neither the proposal nor {@code na}
     * @throws IOException when the stream fails, ends, or the deadline passes
     */
    public static Optional<String> select(TimedInputStream in, OutputStream out, List<String> protocols, Deadline deadline)
            throws IOException, ProbeException {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("multistream: no protocols to propose");
        }
        out.write(lazyProposal(protocols.get(0)));
        out.flush();
        readHeader(in, deadline);
        for (int i = 0; i < protocols.size(); i++) {
            String proposal = protocols.get(i);
            if (i > 0) {
                out.write(encode(proposal));
                out.flush();
            }
            if (readReply(in, proposal, deadline)) {
                return Optional.of(proposal);
            }
        }
        return Optional.empty();
    }

    /**
     * The initiator's side of a lazy negotiation, as go-libp2p speaks it to a peer known to support
     * {@code protocol}: the header and the one proposal, to be sent together with the protocol's first message
     * without waiting for the reply. {@link #readLazyReply} then reads the reply before the protocol's answer.
     *
     * @throws IllegalArgumentException when the protocol ID holds a newline or is too long
     */
    public static byte[] lazyProposal(String protocol) {
        return lazyProposal(protocol, new byte[0]);
    }

    /**
     * The header, the one proposal and the protocol's first message, {@code message}, back to back: what a lazy
     * initiator sends before it has the reply ({@link #lazyProposal(String)}).
     *
     * @throws IllegalArgumentException when the protocol ID holds a newline or is too long
     */
    public static byte[] lazyProposal(String protocol, byte[] message) {
        byte[] header = encode(PROTOCOL_ID);
        byte[] proposal = encode(protocol);
        byte[] all = java.util.Arrays.copyOf(header, header.length + proposal.length + message.length);
        System.arraycopy(proposal, 0, all, header.length, proposal.length);
        System.arraycopy(message, 0, all, header.length + proposal.length, message.length);
        return all;
    }

    /**
     * Reads the responder's reply to a {@link #lazyProposal}: the header, then the echo of {@code protocol} or
     * {@code na}.
     *
     * @return whether the responder accepted {@code protocol}
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) on a malformed or oversized message, a wrong header
     *     or a reply that is neither the proposal nor {@code na}
     * @throws IOException when the stream fails, ends, or the deadline passes
     */
    public static boolean readLazyReply(TimedInputStream in, String protocol, Deadline deadline) throws IOException, ProbeException {
        in.await("multistream header", deadline);
        in.awaitAvailable(SHORTEST_LAZY_REPLY); // responders send the header and the reply apart: wake once for both
        readHeader(in, deadline);
        return readReply(in, protocol, deadline);
    }

    private static boolean readReply(TimedInputStream in, String proposal, Deadline deadline) throws IOException, ProbeException {
        in.await("multistream reply to " + proposal, deadline);
        String reply = readMessage(in);
        if (reply.equals(proposal)) {
            return true;
        }
        if (!reply.equals(NA)) {
            throw new ProbeException(ErrorClass.PROTOCOL,
                    "multistream: expected " + proposal + " or na, got '" + printable(reply) + "'");
        }
        return false;
    }

    /**
     * Negotiates as responder: sends the header, then answers each proposal with {@code na} until one is in
     * {@code supported}, which is echoed.
     *
     * @return the agreed protocol
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) on a malformed or oversized message, a wrong header
     *     or more than {@value #MAX_PROPOSALS} refused proposals
     * @throws IOException when the stream fails, ends, or the deadline passes
     */
    public static String handle(TimedInputStream in, OutputStream out, Set<String> supported, Deadline deadline)
            throws IOException, ProbeException {
        out.write(encode(PROTOCOL_ID));
        out.flush();
        readHeader(in, deadline);
        for (int i = 0; i < MAX_PROPOSALS; i++) {
            in.await("multistream proposal", deadline);
            String proposal = readMessage(in);
            boolean accepted = supported.contains(proposal);
            out.write(encode(accepted ? proposal : NA));
            out.flush();
            if (accepted) {
                return proposal;
            }
        }
        throw new ProbeException(ErrorClass.PROTOCOL, "multistream: more than " + MAX_PROPOSALS + " proposals refused");
    }

    private static void readHeader(TimedInputStream in, Deadline deadline) throws IOException, ProbeException {
        in.await("multistream header", deadline);
        String header = readMessage(in);
        if (!header.equals(PROTOCOL_ID)) {
            throw new ProbeException(ErrorClass.PROTOCOL,
                    "multistream: expected header " + PROTOCOL_ID + ", got '" + printable(header) + "'");
        }
    }

    /**
     * Reads one message and returns its text without the newline. The caller has started the wait.
     *
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) on a malformed length, a length over the cap, a
     *     missing newline or invalid UTF-8
     */
    public static String readMessage(TimedInputStream in) throws IOException, ProbeException {
        long length;
        try {
            length = UnsignedVarint.read(in);
        } catch (MultiformatException e) {
            throw new ProbeException(ErrorClass.PROTOCOL, "multistream: bad length prefix (" + e.getMessage() + ")", e);
        }
        if (length > MAX_MESSAGE_LENGTH) {
            throw new ProbeException(ErrorClass.PROTOCOL,
                    "multistream: message of " + length + " bytes exceeds " + MAX_MESSAGE_LENGTH);
        }
        if (length == 0) {
            throw new ProbeException(ErrorClass.PROTOCOL, "multistream: empty message, expected text ending in a newline");
        }
        return decode(in.readExactly((int) length, "multistream message"));
    }

    /**
     * Takes one whole message from the buffer's position, for a reader that gets its input in pieces: its text
     * without the newline, or {@code null} (the position unchanged) while the buffer does not hold all of it yet.
     *
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) as {@link #readMessage}, as soon as the bytes show it
     */
    public static String poll(ByteBuffer in) throws ProbeException {
        byte[] body = LengthPrefixed.poll(in, MAX_MESSAGE_LENGTH, "multistream: message");
        if (body == null) {
            return null;
        }
        if (body.length == 0) {
            throw new ProbeException(ErrorClass.PROTOCOL, "multistream: empty message, expected text ending in a newline");
        }
        return decode(body);
    }

    /** The text of a message's body: UTF-8 ending in a newline, which is dropped. */
    private static String decode(byte[] body) throws ProbeException {
        if (body[body.length - 1] != '\n') {
            throw new ProbeException(ErrorClass.PROTOCOL, "multistream: message does not end in a newline");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, 0, body.length - 1))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProbeException(ErrorClass.PROTOCOL, "multistream: message is not valid UTF-8", e);
        }
    }

    /**
     * The wire form of {@code message}: varint length, the UTF-8 text, a newline.
     *
     * @throws IllegalArgumentException when the text holds a newline or the message would exceed the cap
     */
    public static byte[] encode(String message) {
        if (message.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("multistream: message must not contain a newline");
        }
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        int length = text.length + 1;
        if (length > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("multistream: message of " + length + " bytes exceeds " + MAX_MESSAGE_LENGTH);
        }
        ByteBuffer buffer = ByteBuffer.allocate(UnsignedVarint.size(length) + length);
        UnsignedVarint.write(length, buffer);
        buffer.put(text).put((byte) '\n');
        return buffer.array();
    }

    /** {@code text} cut to 64 characters with control characters shown as '?', for error messages. */
    static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
