package io.peercensus.dht.internal.transport;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.PublicKey;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.yamux.YamuxSession;
import io.peercensus.dht.internal.yamux.YamuxStream;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An upgraded libp2p connection: Noise-secured, yamux-multiplexed, with the remote's verified identity.
 * {@link #newStream} opens a stream and negotiates its protocol; {@link #acceptStream} (server side) takes the
 * next inbound stream and answers its proposals. Closing sends GO_AWAY and closes the socket.
 *
 * <p>Thread-safe: streams may be opened and used from many threads at once.
 */
public final class Connection implements Closeable {
    /** An inbound stream and the protocol agreed for it. */
    public record InboundStream(String protocol, YamuxStream stream) {
    }

    private final YamuxSession session;
    private final PublicKey remoteIdentity;
    private final PeerId remotePeer;

    Connection(YamuxSession session, PublicKey remoteIdentity, PeerId remotePeer) {
        this.session = session;
        this.remoteIdentity = remoteIdentity;
        this.remotePeer = remotePeer;
    }

    /** The remote's peer ID, proven in the Noise handshake. */
    public PeerId remotePeer() {
        return remotePeer;
    }

    /** The remote's identity key. */
    public PublicKey remoteIdentity() {
        return remoteIdentity;
    }

    /** The yamux session underneath, for its failure and raw streams. */
    public YamuxSession session() {
        return session;
    }

    /**
     * Opens a stream and negotiates {@code protocol} on it with multistream-select; the stream's wait is set
     * to {@code deadline}.
     *
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) when the peer refuses the protocol or breaks
     *     multistream-select; the stream is reset
     * @throws IOException when the session fails or the deadline passes; the stream is reset
     */
    public YamuxStream newStream(String protocol, Deadline deadline) throws IOException, ProbeException {
        YamuxStream stream = session.openStream();
        try {
            Optional<String> agreed = Multistream.select(stream.input(), stream.output(), List.of(protocol), deadline);
            if (agreed.isEmpty()) {
                throw new ProbeException(ErrorClass.PROTOCOL, "multistream: peer does not support " + protocol);
            }
            return stream;
        } catch (IOException | ProbeException | RuntimeException e) {
            stream.reset();
            throw e;
        }
    }

    /**
     * Opens a stream lazily, as go-libp2p does for a protocol the peer is known to support (identify lists it):
     * the stream's SYN, the multistream header, the proposal of {@code protocol} and {@code message} go out in one
     * frame, which also half-closes the stream when {@code halfClose}. Read the reply with
     * {@link #awaitAgreement} before the protocol's answer. The stream's wait is set to {@code deadline}.
     *
     * @throws IOException when the session fails or the deadline passes waiting for send window; the stream is
     *     reset
     */
    public YamuxStream newStreamLazily(String protocol, byte[] message, boolean halfClose, Deadline deadline) throws IOException {
        byte[] first = Multistream.lazyProposal(protocol, message);
        YamuxStream stream = session.openStreamLazily();
        try {
            stream.await("send window for " + protocol, deadline);
            if (halfClose) {
                stream.writeAndClose(first);
            } else {
                stream.output().write(first);
            }
            return stream;
        } catch (IOException | RuntimeException e) {
            stream.reset();
            throw e;
        }
    }

    /**
     * Reads multistream's reply on a stream opened with {@link #newStreamLazily}.
     *
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) when the peer refuses the protocol or breaks
     *     multistream-select; the stream is reset
     * @throws IOException when the stream fails or the deadline passes; the stream is reset
     */
    public void awaitAgreement(YamuxStream stream, String protocol, Deadline deadline) throws IOException, ProbeException {
        try {
            if (!Multistream.readLazyReply(stream.input(), protocol, deadline)) {
                throw new ProbeException(ErrorClass.PROTOCOL, "multistream: peer does not support " + protocol);
            }
        } catch (IOException | ProbeException | RuntimeException e) {
            stream.reset();
            throw e;
        }
    }

    /**
     * The next inbound stream whose initiator proposes a protocol in {@code supported}; other proposals are
     * answered {@code na}. A stream whose initiator gives up or breaks multistream-select is reset and
     * skipped.
     *
     * @throws java.net.SocketTimeoutException when no stream is agreed by {@code deadline}
     * @throws IOException when the session fails
     */
    public InboundStream acceptStream(Set<String> supported, Deadline deadline) throws IOException {
        while (true) {
            YamuxStream stream = session.acceptStream(deadline);
            try {
                return new InboundStream(Multistream.handle(stream.input(), stream.output(), supported, deadline), stream);
            } catch (ProbeException | EOFException e) {
                stream.reset();
            } catch (TransportException e) {
                stream.reset();
                if (session.failure().isPresent()) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                stream.reset();
                throw e;
            }
        }
    }

    /** Sends GO_AWAY and closes the socket; open streams fail with a reset. */
    @Override
    public void close() {
        session.close();
    }
}
