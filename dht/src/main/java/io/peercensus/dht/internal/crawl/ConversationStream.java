package io.peercensus.dht.internal.crawl;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.multistream.LazyReply;
import io.peercensus.dht.internal.yamux.YamuxSession;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One yamux stream of a {@link PeerConversation} and what the conversation does with what arrives on it: the
 * bytes received and not yet taken, the two half-closes and the receive window. Subclasses read their protocol
 * from {@link #data} as it arrives.
 *
 * <p>Not thread-safe: used on the conversation loop's thread only.
 */
abstract class ConversationStream {
    /** The most bytes a stream holds unread: the longest Kademlia message and its prefix. */
    static final int MAX_PENDING = io.peercensus.dht.kad.KadMessage.MAX_MESSAGE_LENGTH + 16;

    final long id;
    final ByteQueue data;
    /** The peer half-closed its side. */
    boolean finReceived;
    /** We half-closed ours. */
    boolean finSent;
    /** How much more the peer may send before we grant more. */
    long window = YamuxSession.INITIAL_WINDOW;
    /** Bytes received since we last granted window. */
    long ungranted;

    ConversationStream(long id, int initialBuffer) {
        this.id = id;
        this.data = new ByteQueue(initialBuffer, MAX_PENDING, "yamux: stream " + id);
    }

    /** Reads what it can of what arrived. */
    abstract void received(PeerConversation conversation) throws IOException, ProbeException;

    /** The peer half-closed the stream, after the data given to {@link #received}. */
    abstract void ended(PeerConversation conversation) throws IOException, ProbeException;

    /** The peer reset the stream. */
    abstract void reset(PeerConversation conversation) throws IOException, ProbeException;

    /**
     * Reads what has come of multistream's reply to our lazy proposal: true once the peer agreed, false while the
     * reply is incomplete.
     *
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) when the peer refused the protocol or broke multistream
     */
    static boolean replyAgreed(LazyReply reply, ByteBuffer view) throws ProbeException {
        LazyReply.State state = reply.poll(view);
        if (state == LazyReply.State.REFUSED) {
            throw new ProbeException(ErrorClass.PROTOCOL, "multistream: peer does not support " + reply.protocol());
        }
        return state == LazyReply.State.AGREED;
    }

    /** Whether both sides have half-closed: the stream is over. */
    boolean done() {
        return finReceived && finSent;
    }
}
