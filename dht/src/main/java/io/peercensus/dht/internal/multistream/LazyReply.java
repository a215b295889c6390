package io.peercensus.dht.internal.multistream;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import java.nio.ByteBuffer;

/**
 * The responder's reply to one proposal, read from input that arrives in pieces (the crawler's event loop): the
 * multistream header, then the echo of the proposal or {@code na}. Checks what {@link Multistream#select} and
 * {@link Multistream#readLazyReply} check.
 *
 * <p>Not thread-safe: one reply, one reader.
 */
public final class LazyReply {
    /** Where the reply stands. */
    public enum State {
        /** Not all of it has arrived. */
        PENDING,
        /** The responder echoed the proposal. */
        AGREED,
        /** The responder answered {@code na}. */
        REFUSED
    }

    private final String protocol;
    private boolean headerRead;

    /** The reply to a proposal of {@code protocol}. */
    public LazyReply(String protocol) {
        this.protocol = protocol;
    }

    /** The proposal this reply answers. */
    public String protocol() {
        return protocol;
    }

    /**
     * Reads what it can of the reply from the buffer's position, leaving the bytes after it.
     *
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) on a malformed or oversized message, a wrong header or
     *     a reply that is neither the proposal nor {@code na}
     */
    public State poll(ByteBuffer in) throws ProbeException {
        if (!headerRead) {
            String header = Multistream.poll(in);
            if (header == null) {
                return State.PENDING;
            }
            if (!header.equals(Multistream.PROTOCOL_ID)) {
                throw new ProbeException(ErrorClass.PROTOCOL,
                        "multistream: expected header " + Multistream.PROTOCOL_ID + ", got '" + Multistream.printable(header) + "'");
            }
            headerRead = true;
        }
        String reply = Multistream.poll(in);
        if (reply == null) {
            return State.PENDING;
        }
        if (reply.equals(protocol)) {
            return State.AGREED;
        }
        if (reply.equals(Multistream.NA)) {
            return State.REFUSED;
        }
        throw new ProbeException(ErrorClass.PROTOCOL,
                "multistream: expected " + protocol + " or na, got '" + Multistream.printable(reply) + "'");
    }
}
