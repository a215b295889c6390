package io.peercensus.dht.identify;

import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.internal.yamux.YamuxStream;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.time.Duration;

/**
 * Answers an inbound identify stream: writes one length-prefixed {@code Identify} message and half-closes.
 *
 * <p>Stateless and thread-safe.
 */
public final class IdentifyResponder {
    /** How long {@link #respond(YamuxStream, IdentifyMessage)} waits for send window. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private IdentifyResponder() {
    }

    /** Answers with {@code message}, waiting at most {@link #DEFAULT_TIMEOUT} for send window. */
    public static void respond(YamuxStream stream, IdentifyMessage message) throws IOException {
        respond(stream, message, Deadline.after(DEFAULT_TIMEOUT));
    }

    /**
     * Answers with {@code message} and half-closes the stream.
     *
     * @throws IOException when the stream fails or no send window opens by {@code deadline}
     */
    public static void respond(YamuxStream stream, IdentifyMessage message, Deadline deadline) throws IOException {
        stream.await("identify: send window", deadline);
        LengthPrefixed.write(stream.output(), message.write());
        stream.close();
    }
}
