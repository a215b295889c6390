package io.peercensus.dht.internal.crawl;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.multistream.LazyReply;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.internal.transport.TransportException;
import io.peercensus.dht.kad.KadMessage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One FIND_NODE request of a {@link RoutingTableWalk} on a {@link PeerConversation}: the stream opens with the
 * multistream proposal of the network's Kademlia protocol and the length-prefixed request in one frame (lazily, as
 * go-libp2p does for a protocol the peer announces); the peer answers with multistream's reply and one
 * length-prefixed FIND_NODE message. We half-close only after the answer: js-libp2p's Kademlia resets a stream
 * half-closed before it answered. Checks what {@link io.peercensus.dht.kad.KadClient} checks.
 *
 * <p>Not thread-safe: used on the conversation loop's thread only.
 */
final class FindNodeExchange extends ConversationStream {
    private static final String WHAT = "kad: " + KadMessage.MessageType.FIND_NODE + " response";

    final RoutingTableWalk.Request request;
    /** When the request went out ({@link System#nanoTime()}): its answer's message wait counts from here. */
    final long sentAt;
    private final LazyReply reply;
    private boolean agreed;
    private boolean answered;

    FindNodeExchange(long id, String protocolId, RoutingTableWalk.Request request, long sentAt) {
        super(id, 4096);
        this.request = request;
        this.sentAt = sentAt;
        this.reply = new LazyReply(protocolId);
    }

    /** The stream's opening frame's payload: the lazy proposal and the request. */
    static byte[] opening(String protocolId, RoutingTableWalk.Request request) {
        return Multistream.lazyProposal(protocolId, LengthPrefixed.encode(KadMessage.findNode(request.key()).write()));
    }

    @Override
    void received(PeerConversation conversation) throws IOException, ProbeException {
        if (answered) {
            data.skip(data.size()); // nothing more is expected; what comes is dropped
            return;
        }
        ByteBuffer view = data.view();
        byte[] message;
        try {
            if (!agreed) {
                if (!replyAgreed(reply, view)) {
                    return;
                }
                agreed = true;
            }
            message = LengthPrefixed.poll(view, KadMessage.MAX_MESSAGE_LENGTH, WHAT);
        } finally {
            data.take(view);
        }
        if (message != null) {
            KadMessage answer = KadMessage.read(message);
            if (!answer.type().equals(KadMessage.MessageType.FIND_NODE)) {
                throw new ProbeException(ErrorClass.PROTOCOL, "kad: " + KadMessage.MessageType.FIND_NODE + " answered with " + answer.type());
            }
            answered = true;
            conversation.answered(this, answer);
        }
    }

    @Override
    void ended(PeerConversation conversation) throws EOFException {
        if (!answered) {
            throw new EOFException(WHAT + ": stream ended before the message");
        }
    }

    @Override
    void reset(PeerConversation conversation) throws TransportException {
        if (!answered) {
            throw new TransportException(ErrorClass.RESET, "yamux: stream " + id + " reset by peer");
        }
    }
}
