package io.peercensus.crawl;

import io.peercensus.Network;
import io.peercensus.address.Endpoint;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;

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

    /** The bound on each single wait: connecting, and each answer the peer owes. */
    Duration timeout();

    /**
     * Opens a TCP connection to {@code endpoint}, directly or through the SOCKS5 proxy for Tor and I2P,
     * within {@link #timeout()} and the conversation's deadline. The socket is closed by the crawl when
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
     * SocketChannel#finishConnect()}), and the prober bounds that wait by {@link #timeout()}. Tor and I2P
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
