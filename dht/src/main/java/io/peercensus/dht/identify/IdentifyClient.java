package io.peercensus.dht.identify;

import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.internal.transport.Connection;
import io.peercensus.dht.internal.yamux.YamuxStream;
import io.peercensus.net.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Asks a peer to identify itself: opens an {@code /ipfs/id/1.0.0} stream (lazily: the opening, the multistream
 * proposal and the half-close go out in one frame), and reads
 * length-prefixed {@code Identify} messages until the peer half-closes. Several messages (some
 * implementations split a large answer) are merged as protobuf merges: by concatenation, within the one
 * {@link IdentifyMessage#MAX_MESSAGE_LENGTH} cap.
 *
 * <p>Stateless and thread-safe.
 */
public final class IdentifyClient {
    private IdentifyClient() {
    }

    /**
     * Identifies the peer at the other end of {@code connection}.
     *
     * @throws ProbeException ({@link io.peercensus.ErrorClass#PROTOCOL}) when the peer refuses identify, frames
     *     it badly, sends nothing, or sends a malformed or over-long message
     * @throws IOException when the connection fails, the stream is reset or the deadline passes
     */
    public static IdentifyMessage request(Connection connection, Deadline deadline) throws IOException, ProbeException {
        YamuxStream stream = connection.newStreamLazily(IdentifyMessage.PROTOCOL_ID, new byte[0], true, deadline);
        connection.awaitAgreement(stream, IdentifyMessage.PROTOCOL_ID, deadline);
        try {
            ByteArrayOutputStream merged = new ByteArrayOutputStream();
            while (true) {
                int left = IdentifyMessage.MAX_MESSAGE_LENGTH - merged.size();
                byte[] frame = LengthPrefixed.readOrEnd(stream.input(), left, "identify: message", deadline);
                if (frame == null) {
                    break;
                }
                merged.write(frame);
            }
            if (merged.size() == 0) {
                // an empty message and no message look alike; either way the peer told us nothing
                throw new ProbeException(io.peercensus.ErrorClass.PROTOCOL, "identify: peer closed the stream without a message");
            }
            return IdentifyMessage.read(merged.toByteArray());
        } catch (IOException | ProbeException | RuntimeException e) {
            stream.reset();
            throw e;
        }
    }
}
