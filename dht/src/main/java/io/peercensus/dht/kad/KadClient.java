package io.peercensus.dht.kad;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.internal.transport.Connection;
import io.peercensus.dht.internal.yamux.YamuxStream;
import io.peercensus.net.Deadline;
import java.io.IOException;

/**
 * Sends Kademlia requests: each on its own stream, one length-prefixed request and one length-prefixed
 * response, then the stream is half-closed. The stream's opening, the multistream proposal of the protocol
 * (lazily, without waiting for the reply, as go-libp2p does for a protocol the peer announces) and the request
 * go out in one frame. The half-close waits for the response: js-libp2p's Kademlia resets a stream half-closed
 * before it answered. Separate calls may run in parallel on one connection, and {@link #send} lets one thread
 * keep several requests in flight.
 *
 * <p>Stateless and thread-safe.
 */
public final class KadClient {
    private KadClient() {
    }

    /**
     * A request sent and not yet answered. Read the {@link #response()}, then {@link #close()} the stream; or
     * {@link #cancel()}.
     *
     * <p>Not thread-safe: one thread reads the response and closes or cancels.
     */
    public static final class PendingRequest {
        private final Connection connection;
        private final String protocolId;
        private final KadMessage.MessageType type;
        private final YamuxStream stream;
        private final Deadline deadline;

        private PendingRequest(Connection connection, String protocolId, KadMessage.MessageType type, YamuxStream stream,
                Deadline deadline) {
            this.connection = connection;
            this.protocolId = protocolId;
            this.type = type;
            this.stream = stream;
            this.deadline = deadline;
        }

        /**
         * Waits for the response, which must be of the request's type.
         *
         * @throws ProbeException ({@link ErrorClass#PROTOCOL}) as for {@link KadClient#findNode}
         * @throws IOException as for {@link KadClient#findNode}
         */
        public KadMessage response() throws IOException, ProbeException {
            connection.awaitAgreement(stream, protocolId, deadline);
            try {
                byte[] frame = LengthPrefixed.read(stream.input(), KadMessage.MAX_MESSAGE_LENGTH, "kad: " + type + " response", deadline);
                KadMessage response = KadMessage.read(frame);
                if (!response.type().equals(type)) {
                    throw new ProbeException(ErrorClass.PROTOCOL, "kad: " + type + " answered with " + response.type());
                }
                return response;
            } catch (IOException | ProbeException | RuntimeException e) {
                stream.reset();
                throw e;
            }
        }

        /**
         * Half-closes the stream once the response is read.
         *
         * @throws IOException when the session has failed
         */
        public void close() throws IOException {
            stream.close();
        }

        /** Gives up on the response: the stream is reset. */
        public void cancel() {
            stream.reset();
        }
    }

    /**
     * Asks the peer for the peers it knows closest to {@code key}.
     *
     * @param protocolId the network's Kademlia protocol ID, such as {@link KadMessage#IPFS_PROTOCOL_ID}
     * @return the response, of type FIND_NODE
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) when the peer refuses the protocol, or answers with a
     *     malformed, over-long or wrong-typed message
     * @throws IOException when the connection fails, the stream is reset or ends early, or the deadline passes
     */
    public static KadMessage findNode(Connection connection, String protocolId, byte[] key, Deadline deadline)
            throws IOException, ProbeException {
        return request(connection, protocolId, KadMessage.findNode(key), deadline);
    }

    /**
     * Sends {@code request} and reads the response, which must be of the request's type.
     *
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) as for {@link #findNode}
     * @throws IOException as for {@link #findNode}
     */
    public static KadMessage request(Connection connection, String protocolId, KadMessage request, Deadline deadline)
            throws IOException, ProbeException {
        PendingRequest pending = send(connection, protocolId, request, deadline);
        KadMessage response = pending.response();
        pending.close();
        return response;
    }

    /**
     * Sends {@code request} on a new stream without waiting for the response.
     *
     * @throws IOException when the connection fails or the deadline passes waiting for send window
     */
    public static PendingRequest send(Connection connection, String protocolId, KadMessage request, Deadline deadline) throws IOException {
        YamuxStream stream = connection.newStreamLazily(protocolId, LengthPrefixed.encode(request.write()), false, deadline);
        return new PendingRequest(connection, protocolId, request.type(), stream, deadline);
    }
}
