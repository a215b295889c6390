package io.peercensus.dht.kad;

import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.internal.yamux.YamuxStream;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * The answering side of Kademlia streams, for simulated and test peers: reads length-prefixed requests and
 * writes length-prefixed responses.
 *
 * <p>Stateless and thread-safe.
 */
public final class KadResponder {
    private KadResponder() {
    }

    /**
     * Reads the next request, or {@code null} when the requester half-closed the stream.
     *
     * @throws ProbeException ({@link io.peercensus.ErrorClass#PROTOCOL}) on a malformed or over-long request
     * @throws IOException when the stream fails, ends inside a message, or the deadline passes
     */
    public static KadMessage readRequest(YamuxStream stream, Deadline deadline) throws IOException, ProbeException {
        byte[] frame = LengthPrefixed.readOrEnd(stream.input(), KadMessage.MAX_MESSAGE_LENGTH, "kad: request", deadline);
        return frame == null ? null : KadMessage.read(frame);
    }

    /**
     * Writes {@code response}.
     *
     * @throws IOException when the stream fails or no send window opens by {@code deadline}
     */
    public static void reply(YamuxStream stream, KadMessage response, Deadline deadline) throws IOException {
        stream.await("kad: send window", deadline);
        LengthPrefixed.write(stream.output(), response.write());
    }

    /**
     * Serves FIND_NODE requests until the requester half-closes, answering each with {@code closest} of its key,
     * then half-closes the stream.
     *
     * @return how many requests were answered
     * @throws ProbeException ({@link io.peercensus.ErrorClass#PROTOCOL}) on a malformed request or one that is not
     *     FIND_NODE
     * @throws IOException when the stream fails or the deadline passes
     */
    public static int serveFindNode(YamuxStream stream, Function<byte[], List<KadPeer>> closest, Deadline deadline)
            throws IOException, ProbeException {
        int served = 0;
        for (KadMessage request = readRequest(stream, deadline); request != null; request = readRequest(stream, deadline)) {
            if (!request.type().equals(KadMessage.MessageType.FIND_NODE)) {
                throw new ProbeException(io.peercensus.ErrorClass.PROTOCOL, "kad: cannot answer " + request.type());
            }
            reply(stream, KadMessage.findNodeResponse(request.key(), closest.apply(request.key())), deadline);
            served++;
        }
        stream.close();
        return served;
    }
}
