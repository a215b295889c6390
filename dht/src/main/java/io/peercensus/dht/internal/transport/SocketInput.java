package io.peercensus.dht.internal.transport;

import io.peercensus.net.Deadline;
import io.peercensus.net.DeadlineInputStream;
import java.io.IOException;
import java.net.Socket;

/**
 * A socket's input as a {@link TimedInputStream}: core's {@link DeadlineInputStream}, which sets the socket
 * timeout to the time left before every read, behind a read-ahead buffer of {@value #BUFFER_SIZE} bytes. Every
 * read of the socket takes whatever has arrived, up to the buffer's size, so the many small frames of a libp2p
 * connection (a Noise length, then its message) cost one system call per batch rather than two per frame.
 * Bytes already buffered are returned without waiting; only a read that must wait for the socket is bounded by
 * the deadline.
 *
 * <p>Not thread-safe: one thread reads it.
 */
public final class SocketInput extends TimedInputStream {
    /** The most bytes one read of the socket takes. */
    static final int BUFFER_SIZE = 16 * 1024;

    private final DeadlineInputStream in;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;

    /** Reads {@code socket}'s input; call {@link #await} before the first read. */
    public SocketInput(Socket socket) throws IOException {
        this.in = new DeadlineInputStream(socket);
    }

    @Override
    public void await(String what, Deadline deadline) {
        in.await(what, deadline);
    }

    /** Fills the empty buffer from the socket; false at the end of input. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false; // DeadlineInputStream never returns 0 for a non-empty read
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position == limit) {
            if (len >= buffer.length) {
                return in.read(b, off, len); // a large read gains nothing from the buffer
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }
}
