package io.peercensus.crawl;

import java.io.IOException;

/**
 * Holds one conversation with one peer of a network: dial, handshake, ask for neighbours. A network
 * module implements it; the crawl engine calls it for every peer it dials.
 *
 * <p>Implementations must be thread-safe: the engine calls {@link #probe} from many threads at once.
 * A probe uses plain blocking I/O and returns or throws within the context's deadline; if it does
 * not, the engine records a timeout and closes its sockets.
 */
public interface Prober {

    /**
     * Converses with {@code target}.
     *
     * @return the observation (reachable, or unreachable with the reason) and the neighbours named
     * @throws IOException when a dial or read fails; the engine classifies it ({@link io.peercensus.ErrorClass#of})
     * @throws ProbeException when the peer broke the protocol or the handshake
     * @throws InterruptedException when the crawl is stopping
     */
    ProbeResult probe(ProbeTarget target, ProbeContext context) throws IOException, ProbeException, InterruptedException;

    /**
     * Releases what the prober holds across conversations (an event loop, for one). The engine calls it once, at
     * the end of the crawl, after every conversation has been settled; {@link #probe} is not called afterwards.
     * Does nothing by default.
     */
    default void close() {
    }
}
