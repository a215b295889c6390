package io.peercensus.dht.internal.transport;

import io.peercensus.net.Deadline;
import io.peercensus.net.DeadlineInputStream;
import java.io.IOException;
import java.net.Socket;

/**
 * A socket's input as a {@link TimedInputStream}: core's {@link DeadlineInputStream}, which sets the socket
 * timeout to the time left before every read.
 *
 * <p>Not thread-safe: one thread reads it.
 */
public final class SocketInput extends TimedInputStream {
    private final DeadlineInputStream in;

    /** Reads {@code socket}'s input; call {@link #await} before the first read. */
    public SocketInput(Socket socket) throws IOException {
        this.in = new DeadlineInputStream(socket);
    }

    @Override
    public void await(String what, Deadline deadline) {
        in.await(what, deadline);
    }

    @Override
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }
}
