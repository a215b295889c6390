package io.peercensus.bench.dht;

import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.net.Deadline;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A one-way in-memory byte pipe with a bounded ring buffer, standing in for one direction of a TCP connection so
 * that the libp2p stack can be measured without the kernel. The reader is a {@link TimedInputStream}: a read
 * that finds the pipe empty waits until data arrives, the pipe closes (then {@code -1} once drained) or the
 * deadline of the current wait passes ({@link SocketTimeoutException}). A write that finds the buffer full
 * waits for the reader; writing to a closed pipe fails. {@code flush} does nothing: bytes are readable as soon
 * as {@code write} has copied them.
 *
 * <p>Thread-safe for one reader thread and any number of writer threads; {@link #close} from any thread wakes
 * both sides.
 */
final class MemoryPipe implements Closeable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final byte[] ring;
    private final Input input = new Input();
    private final Output output = new Output();
    private int head;
    private int size;
    private boolean closed;

    /** A pipe that buffers at most {@code capacity} bytes. */
    MemoryPipe(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("pipe capacity must be positive, got " + capacity);
        }
        this.ring = new byte[capacity];
    }

    /** The reading end. */
    TimedInputStream input() {
        return input;
    }

    /** The writing end; closing it closes the pipe. */
    OutputStream output() {
        return output;
    }

    /** Ends the pipe: the reader drains what is buffered, then sees the end; writers fail. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private final class Input extends TimedInputStream {
        private Deadline deadline;
        private String awaited = "data";

        @Override
        public void await(String what, Deadline deadline) {
            lock.lock();
            try {
                this.awaited = Objects.requireNonNull(what, "what");
                this.deadline = Objects.requireNonNull(deadline, "deadline");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            lock.lock();
            try {
                while (size == 0) {
                    if (closed) {
                        return -1;
                    }
                    waitForData();
                }
                int n = Math.min(len, size);
                int first = Math.min(n, ring.length - head);
                System.arraycopy(ring, head, b, off, first);
                System.arraycopy(ring, 0, b, off + first, n - first);
                head = (head + n) % ring.length;
                size -= n;
                notFull.signalAll();
                return n;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return size;
            } finally {
                lock.unlock();
            }
        }

        /** Closes the whole pipe, as closing a socket's input closes the socket. */
        @Override
        public void close() {
            MemoryPipe.this.close();
        }

        private void waitForData() throws IOException {
            if (deadline == null) {
                throw new IllegalStateException("memory pipe: read before await()");
            }
            long nanos = deadline.remaining().toNanos();
            if (nanos <= 0) {
                throw new SocketTimeoutException("memory pipe: no " + awaited + " before the deadline");
            }
            try {
                notEmpty.awaitNanos(Math.min(nanos, TimeUnit.SECONDS.toNanos(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("memory pipe: interrupted waiting for " + awaited);
            }
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            lock.lock();
            try {
                for (int done = 0; done < len; ) {
                    while (size == ring.length && !closed) {
                        try {
                            notFull.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("memory pipe: interrupted waiting for buffer space");
                        }
                    }
                    if (closed) {
                        throw new IOException("memory pipe: closed after " + done + " of " + len + " bytes were written");
                    }
                    int tail = (head + size) % ring.length;
                    int n = Math.min(len - done, Math.min(ring.length - size, ring.length - tail));
                    System.arraycopy(b, off + done, ring, tail, n);
                    size += n;
                    done += n;
                    notEmpty.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            MemoryPipe.this.close();
        }
    }
}
