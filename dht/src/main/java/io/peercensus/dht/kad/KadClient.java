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
 * response, then the stream is half-closed. Separate calls may run in parallel on one connection.
 *
 * <p>Stateless and thread-safe.
 */
public final class KadClient {
    private KadClient() {
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
        YamuxStream stream = connection.newStream(protocolId, deadline);
        try {
            stream.await("kad: send window", deadline);
            LengthPrefixed.write(stream.output(), request.write());
            byte[] frame = LengthPrefixed.read(stream.input(), KadMessage.MAX_MESSAGE_LENGTH, "kad: " + request.type() + " response", deadline);
            KadMessage response = KadMessage.read(frame);
            if (!response.type().equals(request.type())) {
                throw new ProbeException(ErrorClass.PROTOCOL, "kad: " + request.type() + " answered with " + response.type());
            }
            stream.close();
            return response;
        } catch (IOException | ProbeException | RuntimeException e) {
            stream.reset();
            throw e;
        }
    }
}
