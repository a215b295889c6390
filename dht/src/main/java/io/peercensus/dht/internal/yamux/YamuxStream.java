package io.peercensus.dht.internal.yamux;

import io.peercensus.ErrorClass;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.dht.internal.transport.TransportException;
import io.peercensus.net.Deadline;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One yamux stream: an input fed by the session's reader (at most one receive window buffered, credited back
 * to the peer with WINDOW_UPDATE as the application consumes it) and an output bounded by the peer's window.
 * {@link #await} sets the deadline of every blocking read and every wait for send window; {@link #close()}
 * half-closes (FIN), {@link #reset()} aborts (RST).
 *
 * <p>Thread-safe: one reader and one writer may use it concurrently with the session's reader thread.
 */
public final class YamuxStream implements Closeable {
    private final YamuxSession session;
    private final long id;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> buffer = new ArrayDeque<>();
    private final Input input = new Input();
    private final Output output = new Output();
    private int headOffset;
    /** Bytes buffered and not yet read. */
    private int buffered;
    /** How many buffered bytes wake the waiting reader (1 unless it awaits more). */
    private int wanted = 1;
    private long receiveWindow = YamuxSession.INITIAL_WINDOW;
    private long consumed; // read by the application, not yet credited to the peer
    private long sendWindow = YamuxSession.INITIAL_WINDOW;
    private boolean remoteClosed;
    private boolean localClosed;
    private boolean inputClosed;
    private TransportException failure;
    private Deadline deadline;
    private String awaited = "stream data";
    private long waitMillis;
    /** Whether the stream was opened lazily and has sent no frame yet; guarded by the session's write lock. */
    boolean unannounced;

    YamuxStream(YamuxSession session, long id, boolean unannounced) {
        this.session = session;
        this.id = id;
        this.unannounced = unannounced;
    }

    /** The stream ID: odd when the client opened it, even when the server did. */
    public long id() {
        return id;
    }

    /** The stream's input; {@code read} returns -1 once the peer half-closed and all data is read. */
    public TimedInputStream input() {
        return input;
    }

    /** The stream's output; {@code close} half-closes the stream. */
    public OutputStream output() {
        return output;
    }

    /**
     * Starts a wait: reads, and writes waiting for send window, must finish by {@code deadline}.
     *
     * @param what what is awaited, for the timeout's message
     */
    public void await(String what, Deadline deadline) {
        lock.lock();
        try {
            this.awaited = Objects.requireNonNull(what, "what");
            this.deadline = Objects.requireNonNull(deadline, "deadline");
            this.waitMillis = deadline.remaining().toMillis();
        } finally {
            lock.unlock();
        }
    }

    /** Half-closes: sends FIN once; reading stays possible until the peer half-closes too. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (localClosed || failure != null) {
                return;
            }
            localClosed = true;
        } finally {
            lock.unlock();
        }
        session.send(this, FrameType.WINDOW_UPDATE, YamuxHeader.FIN, 0, null, 0, 0);
        session.closedIfDone(this);
    }

    /**
     * Writes {@code data} and half-closes: the last DATA frame carries the FIN (and, on a lazily opened stream,
     * the first one the SYN), so a short request and its half-close go out in one frame.
     *
     * @throws IOException as the output's {@code write} does
     */
    public void writeAndClose(byte[] data) throws IOException {
        if (data.length == 0) {
            close();
            return;
        }
        output.write(data, 0, data.length, true);
        session.closedIfDone(this);
    }

    /** Aborts the stream: sends RST (unless already failed) and fails local reads and writes. */
    public void reset() {
        boolean send;
        lock.lock();
        try {
            send = failure == null;
            failLocked(new TransportException(ErrorClass.RESET, "yamux: stream " + id + " was reset locally"));
        } finally {
            lock.unlock();
        }
        session.forget(this);
        if (send) {
            try {
                session.send(this, FrameType.WINDOW_UPDATE, YamuxHeader.RST, 0, null, 0, 0);
            } catch (IOException ignored) {
                // the session is failing anyway; the stream is already dead locally
            }
        }
    }

    // ---- called by the session's reader thread ----

    /** Checks a DATA frame's length against the receive window before its payload is read. */
    long receiveWindow() {
        lock.lock();
        try {
            return receiveWindow;
        } finally {
            lock.unlock();
        }
    }

    void deliver(byte[] data) {
        lock.lock();
        try {
            receiveWindow -= data.length;
            if (!inputClosed && failure == null && data.length > 0) {
                buffer.add(data);
                buffered += data.length;
                if (buffered >= wanted) {
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void addSendWindow(long delta) throws TransportException {
        lock.lock();
        try {
            if (sendWindow + delta > 0xffff_ffffL) {
                throw new TransportException(ErrorClass.PROTOCOL, "yamux: window update of " + delta + " overflows stream " + id + "'s window");
            }
            sendWindow += delta;
            if (delta > 0) { // an ACK's zero update gives a writer nothing and would wake a reader for nothing
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void remoteFin() {
        lock.lock();
        try {
            remoteClosed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void fail(TransportException e) {
        lock.lock();
        try {
            failLocked(e);
        } finally {
            lock.unlock();
        }
    }

    /** The peer reset the stream: reads return what it sent before, then fail with {@code e}; writes fail at once. */
    void resetByPeer(TransportException e) {
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void failLocked(TransportException e) {
        if (failure == null) {
            failure = e;
            buffer.clear();
            buffered = 0;
            changed.signalAll();
        }
    }

    boolean done() {
        lock.lock();
        try {
            return failure != null || localClosed && remoteClosed;
        } finally {
            lock.unlock();
        }
    }

    // ---- waiting ----

    private void waitLocked() throws IOException {
        if (deadline == null) {
            throw new IllegalStateException("yamux: stream " + id + " read or write before await()");
        }
        long nanos = deadline.remaining().toNanos();
        if (nanos <= 0) {
            throw new SocketTimeoutException("no " + awaited + " within " + waitMillis + " ms");
        }
        try {
            changed.awaitNanos(Math.min(nanos, TimeUnit.SECONDS.toNanos(1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("yamux: interrupted waiting for " + awaited);
        }
    }

    private final class Input extends TimedInputStream {
        @Override
        public void await(String what, Deadline deadline) {
            YamuxStream.this.await(what, deadline);
        }

        @Override
        public int read() throws IOException {
            long credit;
            int b;
            lock.lock();
            try {
                if (!awaitDataLocked()) {
                    return -1;
                }
                byte[] head = buffer.peek();
                b = head[headOffset++] & 0xff;
                buffered--;
                if (headOffset == head.length) {
                    buffer.poll();
                    headOffset = 0;
                }
                credit = consumedLocked(1);
            } finally {
                lock.unlock();
            }
            if (credit > 0) {
                session.send(YamuxStream.this, FrameType.WINDOW_UPDATE, 0, credit, null, 0, 0);
            }
            return b;
        }

        /** Waits until data is buffered: false at the clean end of the peer's data. */
        private boolean awaitDataLocked() throws IOException {
            while (buffer.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                if (inputClosed) {
                    throw new IOException("yamux: stream " + id + " input is closed");
                }
                if (remoteClosed) {
                    return false;
                }
                waitLocked();
            }
            return true;
        }

        /** Counts {@code n} bytes read; the window credit to send the peer now, or 0. */
        private long consumedLocked(int n) {
            consumed += n;
            if (consumed >= YamuxSession.INITIAL_WINDOW / 2 && !remoteClosed) {
                long credit = consumed;
                consumed = 0;
                receiveWindow += credit;
                return credit;
            }
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            long credit;
            int n = 0;
            lock.lock();
            try {
                if (!awaitDataLocked()) {
                    return -1;
                }
                while (n < len && !buffer.isEmpty()) {
                    byte[] head = buffer.peek();
                    int take = Math.min(len - n, head.length - headOffset);
                    System.arraycopy(head, headOffset, b, off + n, take);
                    n += take;
                    headOffset += take;
                    if (headOffset == head.length) {
                        buffer.poll();
                        headOffset = 0;
                    }
                }
                buffered -= n;
                credit = consumedLocked(n);
            } finally {
                lock.unlock();
            }
            if (credit > 0) {
                session.send(YamuxStream.this, FrameType.WINDOW_UPDATE, 0, credit, null, 0, 0);
            }
            return n;
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return buffered;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void awaitAvailable(int n) throws IOException {
            lock.lock();
            try {
                wanted = Math.max(1, n);
                while (buffered < n && failure == null && !remoteClosed && !inputClosed) {
                    waitLocked();
                }
            } finally {
                wanted = 1;
                lock.unlock();
            }
        }

        /** Stops reading: buffered and later data is dropped (and not credited). */
        @Override
        public void close() {
            lock.lock();
            try {
                inputClosed = true;
                buffer.clear();
                buffered = 0;
                changed.signalAll();
            } finally {
                lock.unlock();
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
            write(b, off, len, false);
        }

        /** Writes within the send window; with {@code close}, the last frame carries FIN and the stream is closed for writing. */
        void write(byte[] b, int off, int len, boolean close) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            int done = 0;
            while (done < len) {
                int n;
                boolean last;
                lock.lock();
                try {
                    while (true) {
                        if (failure != null) {
                            throw failure;
                        }
                        if (localClosed) {
                            throw new IOException("yamux: stream " + id + " is closed for writing");
                        }
                        if (sendWindow > 0) {
                            break;
                        }
                        waitLocked();
                    }
                    n = (int) Math.min(Math.min(len - done, sendWindow), YamuxSession.MAX_SEND_CHUNK);
                    sendWindow -= n;
                    last = close && done + n == len;
                    if (last) {
                        localClosed = true;
                    }
                } finally {
                    lock.unlock();
                }
                session.send(YamuxStream.this, FrameType.DATA, last ? YamuxHeader.FIN : 0, n, b, off + done, n);
                done += n;
            }
        }

        @Override
        public void close() throws IOException {
            YamuxStream.this.close();
        }
    }
}
