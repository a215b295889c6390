package io.peercensus.crawl;

import io.peercensus.ConversationEnd;
import io.peercensus.Network;
import io.peercensus.address.Endpoint;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.List;

/**
 * What the crawl gives a {@link Prober} for one conversation.
 *
 * <p>Sockets must be opened through {@link #connect(Endpoint)}: the crawl then applies the address
 * guard and the proxy, and can close them when the conversation's deadline passes or the crawl stops,
 * which unblocks any read. Used by the one thread running the conversation; {@link #connect} may be
 * called from others too.
 */
public interface ProbeContext {

    /** The network being crawled. */
    Network network();

    /** The deadline of the whole conversation; the crawl aborts the conversation shortly after it. */
    Deadline deadline();

    /** The waits of a conversation with the peer at {@code endpoint}: its route's, as the crawl set them. */
    Waits waits(Endpoint endpoint);

    /**
     * Tells the crawl the peer completed its handshake: the conversation now only waits for answers, so it gives
     * its dialing slot to the next peer and keeps only its socket. Call at most once; later calls do nothing.
     */
    default void reached() {
    }

    /**
     * Hands the crawl peers this one named, now, before the conversation ends, so that a peer slow to finish never
     * delays their discovery. The crawl queues the new ones at once and records no edge for them here: name them
     * in the result ({@link ProbeResult#knownNeighbours()}) for the edges. Thread-safe.
     */
    void discovered(List<ProbeTarget> peers);

    /** Tells the crawl how the conversation ended, for the summary's counts ({@link ConversationEnd}). */
    default void ended(ConversationEnd how) {
    }

    /**
     * Opens a TCP connection to {@code endpoint}, directly or through the SOCKS5 proxy for Tor and I2P,
     * within the connect wait ({@link #waits}) and the conversation's deadline. The socket is closed by the crawl when
     * the conversation ends.
     *
     * @throws IOException when the connection cannot be made ({@code Socks5Exception} for proxy failures)
     * @throws IllegalStateException when the endpoint is one the crawl must not dial
     */
    Socket connect(Endpoint endpoint) throws IOException;

    /**
     * Starts a non-blocking TCP connection to {@code endpoint}, for probers that run many conversations on one
     * {@link java.nio.channels.Selector} instead of a thread each. The same guard and proxy apply as for {@link
     * #connect}. A direct connection is only begun: the channel may still be connecting ({@link
     * SocketChannel#finishConnect()}), and the prober bounds that wait by the connect wait ({@link #waits}). Tor and I2P
     * endpoints are connected through the proxy before this returns. The channel is closed by the crawl when the
     * conversation ends, or when its deadline passes, whatever the prober does.
     *
     * @throws IOException when the connection cannot be begun ({@code Socks5Exception} for proxy failures)
     * @throws IllegalStateException when the endpoint is one the crawl must not dial
     * @throws UnsupportedOperationException from contexts that offer blocking sockets only
     */
    default SocketChannel openChannel(Endpoint endpoint) throws IOException {
        throw new UnsupportedOperationException("this context offers blocking sockets only");
    }

    /**
     * Whether the crawl already heard of {@code peerID}. A prober that hears of many peers can name
     * the known ones in {@link ProbeResult#knownNeighbours()} instead of building targets for them.
     * Thread-safe and cheap.
     */
    boolean isKnown(String peerID);

    /** The current time, from the crawl's clock. */
    Instant now();
}
