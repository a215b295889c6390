package io.peercensus.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * A socket's input where every read is bounded by the deadline of the current wait, so that a peer
 * trickling one byte at a time cannot stretch a wait: before each read the socket's timeout is set to
 * the time left. A wait that runs out throws {@link SocketTimeoutException} naming what was awaited.
 *
 * <p>Not thread-safe: one conversation thread reads it.
 */
public final class DeadlineInputStream extends FilterInputStream {
    private final Socket socket;
    private Deadline deadline;
    private String awaited = "data";
    private long waitMillis;

    /** Reads {@code socket}'s input; call {@link #await} before the first read. */
    public DeadlineInputStream(Socket socket) throws IOException {
        super(socket.getInputStream());
        this.socket = socket;
    }

    /**
     * Starts a wait: reads from now on must finish by {@code deadline}.
     *
     * @param what what is awaited, for the timeout's message ({@code "version"})
     * @param deadline when the wait ends
     */
    public void await(String what, Deadline deadline) {
        this.awaited = Objects.requireNonNull(what, "what");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.waitMillis = (deadline.remaining().toNanos() + 999_999) / 1_000_000; // as set, not as nearly elapsed
    }

    private void arm() throws IOException {
        if (deadline == null) {
            throw new IllegalStateException("read before await()");
        }
        try {
            socket.setSoTimeout(deadline.socketTimeoutMillis(awaited));
        } catch (SocketTimeoutException e) {
            throw timeout();
        }
    }

    private SocketTimeoutException timeout() {
        return new SocketTimeoutException("no " + awaited + " within " + waitMillis + " ms");
    }

    @Override
    public int read() throws IOException {
        arm();
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw timeout();
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        try {
            return in.read(b, off, len);
        } catch (SocketTimeoutException e) {
            throw timeout();
        }
    }

    /** Unused by readers of frames; kept consistent with {@link #read}. */
    @Override
    public long skip(long n) throws IOException {
        arm();
        try {
            return in.skip(n);
        } catch (SocketTimeoutException e) {
            throw timeout();
        }
    }
}
