package io.peercensus.bench.dht;

import java.io.IOException;

/**
 * What carries the bytes in a benchmark: in-memory pipes (the figure is crypto, framing and thread hand-offs
 * only) or a loopback TCP connection (adds the kernel's socket path, for reference).
 *
 * <p>Immutable and thread-safe.
 */
public enum Transport {
    /** Two {@link MemoryPipe}s of 256 KiB each, about a loopback socket's default buffer. */
    MEMORY,
    /** A TCP connection on 127.0.0.1 with {@code TCP_NODELAY}. */
    LOOPBACK;

    /** The buffer of each in-memory pipe. */
    static final int PIPE_CAPACITY = 256 * 1024;

    /** Opens a fresh duplex of this kind. */
    Duplex open() throws IOException {
        return this == MEMORY ? Duplex.memory(PIPE_CAPACITY) : Duplex.loopback();
    }
}
