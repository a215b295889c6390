package io.peercensus.dht.internal.yamux;

import io.peercensus.ErrorClass;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.dht.internal.transport.TransportException;
import io.peercensus.net.Deadline;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A yamux session ({@code /yamux/1.0.0}) over a secure channel, driven by one reader thread that parses frames
 * and feeds streams, so that many streams can run in parallel on one connection with plain blocking I/O.
 * Clients use odd stream IDs, servers even ones. Pings are answered, GO_AWAY stops new streams, and any frame
 * that breaks the protocol (a DATA frame longer than the stream's receive window or {@value #MAX_FRAME_LENGTH}
 * bytes, checked before its payload is allocated; a bad version or type; a stream opened twice) fails the
 * whole session with {@link ErrorClass#PROTOCOL}: GO_AWAY is sent, the transport closed, and every stream's
 * waiters get the {@link TransportException}. Inbound streams are queued for {@link #acceptStream} when the
 * session accepts them, and reset at once otherwise (a crawler never leaves a peer's identify push hanging).
 *
 * <p>Thread-safe: streams may be opened, accepted, read and written from any threads.
 */
public final class YamuxSession implements Closeable {
    /** The multistream protocol ID. */
    public static final String PROTOCOL_ID = "/yamux/1.0.0";
    /** Every stream's initial receive and send window. */
    public static final int INITIAL_WINDOW = 256 * 1024;
    /** The longest DATA frame accepted. */
    public static final int MAX_FRAME_LENGTH = 1024 * 1024;
    /** The longest DATA frame sent (it fits one Noise transport message with its header). */
    public static final int MAX_SEND_CHUNK = 32 * 1024;
    /** How many streams may be open at once; further inbound ones are reset. */
    public static final int MAX_STREAMS = 1024;
    /** How many accepted inbound streams may wait for {@link #acceptStream}; further ones are reset. */
    public static final int MAX_BACKLOG = 64;

    private final TimedInputStream in;
    private final OutputStream out;
    private final Closeable transport;
    private final boolean client;
    private final boolean acceptInbound;
    private final Duration idleTimeout;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentHashMap<Long, YamuxStream> streams = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<YamuxStream> backlog = new LinkedBlockingQueue<>(MAX_BACKLOG + 1);
    /** Queued behind the backlog when the session ends, to wake {@link #acceptStream} waiters. */
    private final YamuxStream endOfBacklog = new YamuxStream(this, 0, false);
    private final Object idLock = new Object();
    private long nextId;
    private volatile TransportException failure;
    private volatile boolean goAwayReceived;

    /**
     * A session over {@code in}/{@code out}; call {@link #start} to begin reading.
     *
     * @param transport closed when the session ends (the socket)
     * @param client whether this side is the client (odd stream IDs)
     * @param acceptInbound whether inbound streams are queued for {@link #acceptStream} (else reset)
     * @param idleTimeout how long the reader waits for a frame before failing the session with a timeout
     */
    public YamuxSession(TimedInputStream in, OutputStream out, Closeable transport, boolean client, boolean acceptInbound,
            Duration idleTimeout) {
        this.in = in;
        this.out = out;
        this.transport = transport;
        this.client = client;
        this.acceptInbound = acceptInbound;
        this.idleTimeout = idleTimeout;
        this.nextId = client ? 1 : 2;
    }

    /** Starts the reader thread made by {@code threads}; returns this session. */
    public YamuxSession start(ThreadFactory threads) {
        Thread reader = threads.newThread(this::readLoop);
        reader.start();
        return this;
    }

    /** Starts the reader on {@code readers}, which must run it at once on a thread of its own; returns this session. */
    public YamuxSession startOn(Executor readers) {
        readers.execute(this::readLoop);
        return this;
    }

    /**
     * Opens a stream (a WINDOW_UPDATE with SYN goes out at once).
     *
     * @throws TransportException when the session has failed or the peer sent GO_AWAY
     */
    public YamuxStream openStream() throws IOException {
        YamuxStream stream = openStreamLazily();
        send(stream, FrameType.WINDOW_UPDATE, 0, 0, null, 0, 0);
        return stream;
    }

    /**
     * Opens a stream without a frame of its own: the stream's first frame (its first write, or its FIN) carries
     * the SYN, so that opening, a request and a half-close can travel in one frame. A stream reset before it sent
     * anything sends nothing: the peer never heard of it.
     *
     * @throws TransportException when the session has failed or the peer sent GO_AWAY
     */
    public YamuxStream openStreamLazily() throws IOException {
        requireOpen();
        if (goAwayReceived) {
            throw new TransportException(ErrorClass.RESET, "yamux: peer sent go-away, no new streams");
        }
        YamuxStream stream;
        synchronized (idLock) {
            if (nextId > 0xffff_ffffL) {
                throw new TransportException(ErrorClass.PROTOCOL, "yamux: stream IDs exhausted");
            }
            if (streams.size() >= MAX_STREAMS) {
                throw new IOException("yamux: " + MAX_STREAMS + " streams already open");
            }
            stream = new YamuxStream(this, nextId, true);
            nextId += 2;
            streams.put(stream.id(), stream);
        }
        return stream;
    }

    /**
     * The next inbound stream (already acknowledged).
     *
     * @throws SocketTimeoutException when none arrives by {@code deadline}
     * @throws TransportException when the session has failed
     */
    public YamuxStream acceptStream(Deadline deadline) throws IOException {
        YamuxStream next = backlog.poll();
        if (next == null) {
            requireOpen();
            long nanos = deadline.remaining().toNanos();
            if (nanos <= 0) {
                throw new SocketTimeoutException("no inbound yamux stream within the deadline");
            }
            try {
                next = backlog.poll(nanos, TimeUnit.NANOSECONDS); // the session's end wakes it with endOfBacklog
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("yamux: interrupted waiting for an inbound stream");
            }
            if (next == null) {
                throw new SocketTimeoutException("no inbound yamux stream within the deadline");
            }
        }
        if (next == endOfBacklog) {
            backlog.offer(endOfBacklog); // for the next waiter
            throw failure; // set before the session queued endOfBacklog
        }
        return next;
    }

    /** Why the session ended, once it has. */
    public Optional<TransportException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Sends GO_AWAY (normal), then closes the transport and fails every stream with a reset. */
    @Override
    public void close() {
        if (failure == null) {
            goAway(YamuxHeader.GO_AWAY_NORMAL);
        }
        fail(new TransportException(ErrorClass.RESET, "yamux: session closed"));
    }

    private void requireOpen() throws TransportException {
        TransportException f = failure;
        if (f != null) {
            throw f;
        }
    }

    // ---- writing ----

    /**
     * Sends a frame of {@code stream} in one write: a header of {@code type}, {@code flags} and {@code length}, then
     * {@code count} bytes of {@code data}. The first frame of a lazily opened stream also carries SYN; a RST of a
     * stream that never sent a frame is not sent.
     */
    void send(YamuxStream stream, FrameType type, int flags, long length, byte[] data, int offset, int count) throws IOException {
        writeLock.lock();
        try {
            if (stream.unannounced) {
                if ((flags & YamuxHeader.RST) != 0) {
                    return;
                }
                flags |= YamuxHeader.SYN;
                stream.unannounced = false;
            }
            write(new YamuxHeader(type, flags, stream.id(), length), data, offset, count);
        } finally {
            writeLock.unlock();
        }
    }

    void send(YamuxHeader header, byte[] data, int offset, int length) throws IOException {
        writeLock.lock();
        try {
            write(header, data, offset, length);
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes one frame; the caller holds the write lock. */
    private void write(YamuxHeader header, byte[] data, int offset, int length) throws IOException {
        byte[] frame = new byte[YamuxHeader.LENGTH + length];
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        header.write(buffer);
        if (length > 0) {
            buffer.put(data, offset, length);
        }
        writeOut(frame);
    }

    /** Writes encoded frames; the caller holds the write lock. */
    private void writeOut(byte[] frames) throws IOException {
        try {
            requireOpen();
            out.write(frames);
            out.flush();
        } catch (TransportException e) {
            throw e;
        } catch (IOException e) {
            TransportException f = new TransportException(ErrorClass.of(e), "yamux: write failed: " + e.getMessage(), e);
            fail(f);
            throw f;
        }
    }

    private void goAway(int code) {
        if (writeLock.tryLock()) {
            try {
                out.write(new YamuxHeader(FrameType.GO_AWAY, 0, 0, code).encode());
                out.flush();
            } catch (IOException ignored) {
                // best effort: the session is ending
            } finally {
                writeLock.unlock();
            }
        }
    }

    void forget(YamuxStream stream) {
        streams.remove(stream.id(), stream);
    }

    void closedIfDone(YamuxStream stream) {
        if (stream.done()) {
            forget(stream);
        }
    }

    private void fail(TransportException e) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = e;
        }
        if (e.errorClass() == ErrorClass.PROTOCOL) {
            goAway(YamuxHeader.GO_AWAY_PROTOCOL_ERROR);
        }
        try {
            transport.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        for (YamuxStream stream : new ArrayList<>(streams.values())) {
            stream.fail(e);
        }
        streams.clear();
        for (YamuxStream stream; (stream = backlog.poll()) != null; ) {
            stream.fail(e);
        }
        backlog.offer(endOfBacklog);
    }

    // ---- reading ----

    private void readLoop() {
        try {
            while (failure == null) {
                in.await("yamux frame", Deadline.after(idleTimeout));
                byte[] head = new byte[YamuxHeader.LENGTH];
                int first = in.read(head, 0, 1);
                if (first < 0) {
                    throw new EOFException("yamux: connection closed by peer");
                }
                byte[] rest = in.readExactly(YamuxHeader.LENGTH - 1, "yamux header");
                System.arraycopy(rest, 0, head, 1, rest.length);
                handle(YamuxHeader.read(ByteBuffer.wrap(head)));
            }
        } catch (TransportException e) {
            fail(e);
        } catch (IOException e) {
            String detail = String.valueOf(e.getMessage());
            fail(new TransportException(ErrorClass.of(e), detail.startsWith("yamux") ? detail : "yamux: " + detail, e));
        } catch (RuntimeException e) {
            fail(new TransportException(ErrorClass.PROTOCOL, "yamux: reader failed: " + e, e));
        }
    }

    private void handle(YamuxHeader header) throws IOException {
        switch (header.type()) {
            case DATA, WINDOW_UPDATE -> handleStreamFrame(header);
            case PING -> {
                if (header.has(YamuxHeader.SYN)) {
                    send(new YamuxHeader(FrameType.PING, YamuxHeader.ACK, 0, header.length()), null, 0, 0);
                }
            }
            case GO_AWAY -> goAwayReceived = true;
        }
    }

    private void handleStreamFrame(YamuxHeader header) throws IOException {
        boolean data = header.type() == FrameType.DATA;
        if (data && header.length() > MAX_FRAME_LENGTH) {
            throw new TransportException(ErrorClass.PROTOCOL, "yamux: frame length " + header.length() + " exceeds " + MAX_FRAME_LENGTH);
        }
        long id = header.streamId();
        if (id == 0) {
            throw new TransportException(ErrorClass.PROTOCOL, "yamux: " + header.type() + " frame on stream 0");
        }
        YamuxStream stream = streams.get(id);
        if (header.has(YamuxHeader.SYN)) {
            if (stream != null) {
                throw new TransportException(ErrorClass.PROTOCOL, "yamux: peer reopened stream " + id);
            }
            stream = inbound(id);
        }
        if (stream == null) { // reset or unknown: drop its data, ignore its flags
            if (data) {
                skip(header.length());
            }
            return;
        }
        if (data) {
            long window = stream.receiveWindow();
            if (header.length() > window) {
                throw new TransportException(ErrorClass.PROTOCOL, "yamux: frame length " + header.length() + " exceeds " + window);
            }
            stream.deliver(in.readExactly((int) header.length(), "yamux data"));
        } else {
            stream.addSendWindow(header.length());
        }
        if (header.has(YamuxHeader.RST)) {
            stream.resetByPeer(new TransportException(ErrorClass.RESET, "yamux: stream " + id + " reset by peer"));
            forget(stream);
        } else if (header.has(YamuxHeader.FIN)) {
            stream.remoteFin();
            closedIfDone(stream);
        }
    }

    /** A stream the peer opens: queued and acknowledged, or reset when unwanted; null when reset. */
    private YamuxStream inbound(long id) throws IOException {
        boolean peerParity = (id % 2 == 1) != client;
        if (!peerParity) {
            throw new TransportException(ErrorClass.PROTOCOL, "yamux: peer opened stream " + id + " with our parity");
        }
        if (!acceptInbound || streams.size() >= MAX_STREAMS || backlog.size() >= MAX_BACKLOG) {
            send(new YamuxHeader(FrameType.WINDOW_UPDATE, YamuxHeader.RST, id, 0), null, 0, 0);
            return null;
        }
        YamuxStream stream = new YamuxStream(this, id, false);
        streams.put(id, stream);
        send(new YamuxHeader(FrameType.WINDOW_UPDATE, YamuxHeader.ACK, id, 0), null, 0, 0);
        backlog.add(stream);
        return stream;
    }

    private void skip(long length) throws IOException {
        byte[] scratch = new byte[(int) Math.min(length, 8192)];
        for (long left = length; left > 0; ) {
            int n = in.read(scratch, 0, (int) Math.min(left, scratch.length));
            if (n < 0) {
                throw new EOFException("yamux: stream ended inside a dropped data frame");
            }
            left -= n;
        }
    }
}
