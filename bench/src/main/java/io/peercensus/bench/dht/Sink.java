package io.peercensus.bench.dht;

import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The receiving side of a throughput benchmark: a thread that reads a stream to its end, discarding the bytes
 * and counting them, so the sender can wait until everything it wrote has arrived and been consumed (which, on
 * a yamux stream, is also what credits the window back).
 *
 * <p>Thread-safe: its own thread reads; any thread may wait for a count.
 */
final class Sink {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final TimedInputStream in;
    private final Thread thread;
    private long received; // guarded by lock
    private IOException failure; // guarded by lock
    private boolean ended; // guarded by lock

    /** Starts reading {@code in} (whose wait the caller has set) on a daemon thread named {@code name}. */
    Sink(TimedInputStream in, String name) {
        this.in = in;
        this.thread = new Thread(this::drain, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits until at least {@code total} bytes have been read.
     *
     * @throws IOException when reading failed or the stream ended first
     * @throws SocketTimeoutException when {@code deadline} passes first
     */
    void awaitReceived(long total, Deadline deadline) throws IOException {
        lock.lock();
        try {
            while (received < total) {
                if (failure != null) {
                    throw new IOException("sink: reading failed after " + received + " of " + total + " bytes", failure);
                }
                if (ended) {
                    throw new IOException("sink: stream ended after " + received + " of " + total + " bytes");
                }
                long nanos = deadline.remaining().toNanos();
                if (nanos <= 0) {
                    throw new SocketTimeoutException("sink: " + received + " of " + total + " bytes before the deadline");
                }
                arrived.awaitNanos(Math.min(nanos, TimeUnit.SECONDS.toNanos(1)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("sink: interrupted");
        } finally {
            lock.unlock();
        }
    }

    /** The bytes read so far. */
    long received() {
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the reading thread to end (the caller has closed the stream). */
    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
    }

    private void drain() {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                lock.lock();
                try {
                    received += n;
                    arrived.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            lock.lock();
            try {
                ended = true;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            lock.lock();
            try {
                failure = e;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
