package io.peercensus.dht.internal.transport;

import io.peercensus.net.Deadline;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input whose reads are bounded by the deadline of the current wait: call {@link #await} before reading,
 * and a read that would wait past the deadline throws {@link java.net.SocketTimeoutException} naming what was
 * awaited. Every layer of the libp2p stack (socket, Noise channel, yamux stream) reads through one, so that
 * multistream-select and the protocols above it run unchanged on any of them.
 *
 * <p>Implementations say their own thread-safety; in general one thread reads at a time.
 */
public abstract class TimedInputStream extends InputStream {
    /**
     * Starts a wait: reads from now on must finish by {@code deadline}.
     *
     * @param what what is awaited, for the timeout's message ({@code "multistream header"})
     */
    public abstract void await(String what, Deadline deadline);

    /**
     * Waits, within the current wait's deadline, until at least {@code n} bytes can be read without waiting, or
     * the input ends or fails: a hint for a reader that knows it needs several frames' worth, so that it wakes
     * once rather than once per frame. Reads after it still wait as needed. This default returns at once.
     *
     * @throws IOException when the deadline passes first
     */
    public void awaitAvailable(int n) throws IOException {
    }

    /**
     * Reads exactly {@code n} bytes into a new array; the caller has capped {@code n}.
     *
     * @throws java.io.EOFException when the input ends first, saying how many bytes arrived
     */
    public byte[] readExactly(int n, String what) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            int r = read(out, done, n - done);
            if (r < 0) {
                throw new java.io.EOFException(what + ": stream ended after " + done + " of " + n + " bytes");
            }
            done += r;
        }
        return out;
    }
}
