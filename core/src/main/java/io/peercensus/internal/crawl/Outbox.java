package io.peercensus.internal.crawl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The bytes a non-blocking conversation has queued for its channel: {@link #add} queues, {@link #flush} writes all
 * it can in one call and watches for the channel to become writable only while something is left. Holds at most
 * {@code cap} bytes, so a peer that reads nothing cannot make it grow without bound.
 *
 * <p>Not thread-safe: the conversation loop's thread uses it.
 */
public final class Outbox {
    private final int cap;
    /** The queued bytes, in write mode; null until the first. */
    private ByteBuffer out;

    /** An empty outbox holding at most {@code cap} bytes. */
    public Outbox(int cap) {
        this.cap = cap;
    }

    /** Queues the buffer's remaining bytes; false, queuing nothing, when they would take it past its cap. */
    public boolean add(ByteBuffer bytes) {
        int n = bytes.remaining();
        int queued = out == null ? 0 : out.position();
        if (n > cap - queued) {
            return false;
        }
        if (out == null) {
            out = ByteBuffer.allocate(Math.max(512, n));
        } else if (out.remaining() < n) {
            out.flip();
            out = ByteBuffer.allocate((int) Math.min(cap, Math.max(out.capacity() * 2L, (long) out.remaining() + n))).put(out);
        }
        out.put(out.position(), bytes, bytes.position(), n).position(out.position() + n); // leaves bytes as it was
        return true;
    }

    /** Queues {@code bytes}; see {@link #add(ByteBuffer)}. */
    public boolean add(byte[] bytes) {
        return add(ByteBuffer.wrap(bytes));
    }

    /** Whether nothing is queued. */
    public boolean isEmpty() {
        return out == null || out.position() == 0;
    }

    /**
     * Writes what is queued; what the channel does not take waits for it to become writable ({@code key} then
     * watches for {@link SelectionKey#OP_WRITE}, and stops once all is written).
     *
     * @throws IOException when the write fails
     */
    public void flush(SocketChannel channel, SelectionKey key) throws IOException {
        if (isEmpty()) {
            return;
        }
        out.flip();
        channel.write(out);
        boolean waiting = (key.interestOps() & SelectionKey.OP_WRITE) != 0;
        if (out.hasRemaining()) {
            out.compact();
            if (!waiting) {
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            }
        } else {
            out.clear();
            if (waiting) {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
            }
        }
    }
}
