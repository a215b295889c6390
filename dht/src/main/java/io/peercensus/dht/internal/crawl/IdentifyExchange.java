package io.peercensus.dht.internal.crawl;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.internal.multistream.LazyReply;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.internal.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Our identify request on a {@link PeerConversation}: the stream opens with the multistream proposal of
 * {@code /ipfs/id/1.0.0} and our half-close in one frame; the peer answers with multistream's reply, then
 * length-prefixed {@code Identify} messages until it half-closes. Several messages are merged as protobuf merges,
 * by concatenation, within the one {@link IdentifyMessage#MAX_MESSAGE_LENGTH} cap. Checks what
 * {@link io.peercensus.dht.identify.IdentifyClient} checks.
 *
 * <p>Not thread-safe: used on the conversation loop's thread only.
 */
final class IdentifyExchange extends ConversationStream {
    private final LazyReply reply = new LazyReply(IdentifyMessage.PROTOCOL_ID);
    private final ByteArrayOutputStream merged = new ByteArrayOutputStream();
    private boolean agreed;

    IdentifyExchange(long id) {
        super(id, 1024);
        finSent = true; // the opening frame half-closes
    }

    /** The stream's opening frame's payload: the lazy proposal (the frame carries SYN and FIN). */
    static byte[] opening() {
        return Multistream.lazyProposal(IdentifyMessage.PROTOCOL_ID);
    }

    @Override
    void received(PeerConversation conversation) throws ProbeException {
        ByteBuffer view = data.view();
        try {
            if (!agreed) {
                if (!replyAgreed(reply, view)) {
                    return;
                }
                agreed = true;
            }
            byte[] message;
            while ((message = LengthPrefixed.poll(view, IdentifyMessage.MAX_MESSAGE_LENGTH - merged.size(), "identify: message")) != null) {
                merged.writeBytes(message);
            }
        } finally {
            data.take(view);
        }
    }

    @Override
    void ended(PeerConversation conversation) throws IOException, ProbeException {
        if (!agreed) {
            throw new EOFException("identify: stream ended before multistream's reply");
        }
        if (!data.isEmpty()) {
            throw new EOFException("identify: message: stream ended inside the message");
        }
        if (merged.size() == 0) {
            // an empty message and no message look alike; either way the peer told us nothing
            throw new ProbeException(ErrorClass.PROTOCOL, "identify: peer closed the stream without a message");
        }
        conversation.identified(IdentifyMessage.read(merged.toByteArray()));
    }

    @Override
    void reset(PeerConversation conversation) throws TransportException {
        throw new TransportException(ErrorClass.RESET, "yamux: stream " + id + " reset by peer");
    }
}
