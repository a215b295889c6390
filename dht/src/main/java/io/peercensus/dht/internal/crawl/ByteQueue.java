package io.peercensus.dht.internal.crawl;

import io.peercensus.ErrorClass;
import io.peercensus.dht.internal.transport.TransportException;
import java.nio.ByteBuffer;

/**
 * Bytes received and not yet taken, for a reader that gets its input in pieces: appended at the end, read through
 * a {@link #view()} and taken with {@link #take}. Grows as bytes arrive, never past its cap.
 *
 * <p>Not thread-safe.
 */
final class ByteQueue {
    private final int cap;
    private final String what;
    private byte[] data;
    private int start;
    private int end;

    /**
     * An empty queue.
     *
     * @param cap the most bytes it holds at once
     * @param what names the bytes in the error when the cap is passed
     */
    ByteQueue(int initial, int cap, String what) {
        this.data = new byte[Math.min(initial, cap)];
        this.cap = cap;
        this.what = what;
    }

    int size() {
        return end - start;
    }

    boolean isEmpty() {
        return end == start;
    }

    /**
     * Appends {@code len} bytes of {@code b} from {@code off}.
     *
     * @throws TransportException ({@link ErrorClass#PROTOCOL}) when the queue would hold more than its cap
     */
    void append(byte[] b, int off, int len) throws TransportException {
        reserve(len);
        System.arraycopy(b, off, data, end, len);
        end += len;
    }

    /** Appends the buffer's remaining bytes; see {@link #append(byte[], int, int)}. */
    void append(ByteBuffer b) throws TransportException {
        int len = b.remaining();
        reserve(len);
        b.get(data, end, len);
        end += len;
    }

    private void reserve(int len) throws TransportException {
        if (data.length - end >= len) {
            return;
        }
        int size = size();
        if (size + len > cap) {
            throw new TransportException(ErrorClass.PROTOCOL, what + ": more than " + cap + " bytes pending");
        }
        byte[] target = data.length >= size + len ? data : new byte[Math.min(cap, Math.max(data.length * 2, size + len))];
        System.arraycopy(data, start, target, 0, size);
        data = target;
        start = 0;
        end = size;
    }

    /** The bytes held, from the buffer's position to its limit; pass it back to {@link #take} after reading. */
    ByteBuffer view() {
        return ByteBuffer.wrap(data, start, size());
    }

    /** Drops the bytes before {@code view}'s position: the reader has taken them. */
    void take(ByteBuffer view) {
        start = view.position();
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /** Drops {@code n} bytes from the front. */
    void skip(int n) {
        if (n > size()) {
            throw new IllegalArgumentException("cannot skip " + n + " of " + size() + " bytes");
        }
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }
}
