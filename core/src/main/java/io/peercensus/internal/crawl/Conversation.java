package io.peercensus.internal.crawl;

import io.peercensus.ConversationEnd;
import io.peercensus.Network;
import io.peercensus.address.Endpoint;
import io.peercensus.crawl.ProbeContext;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.crawl.WaitPolicy;
import io.peercensus.crawl.Waits;
import io.peercensus.net.Deadline;
import io.peercensus.net.Dialer;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One conversation with one peer, as the engine tracks it: its deadline, the sockets it opened and
 * who settled its outcome first (the prober's thread, or the watchdog when the deadline passes, or
 * the crawl when it stops).
 *
 * <p>Thread-safe: the prober's thread, the watchdog and the engine use it at once.
 */
public final class Conversation implements ProbeContext {
    /** What the crawl does when a conversation reaches its peer or hears of peers. Called on the prober's threads. */
    public interface Crawl {
        /** {@code c}'s peer completed its handshake. */
        void reached(Conversation c);

        /** {@code c}'s peer named {@code peers}. */
        void discovered(Conversation c, List<ProbeTarget> peers);
    }

    private final ProbeTarget target;
    private final Network network;
    private final Dialer dialer;
    private final Deadline deadline;
    private final WaitPolicy waits;
    private final Clock clock;
    private final Frontier frontier;
    private final Crawl crawl;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicBoolean reached = new AtomicBoolean();
    private volatile ConversationEnd end;
    private final List<Closeable> sockets = new ArrayList<>();
    private boolean aborted;
    private Thread thread;

    /** A conversation with {@code target} (already narrowed to dialable endpoints). */
    public Conversation(ProbeTarget target, Network network, Dialer dialer, Deadline deadline, WaitPolicy waits,
            Clock clock, Frontier frontier, Crawl crawl) {
        this.frontier = frontier;
        this.target = target;
        this.network = network;
        this.dialer = dialer;
        this.deadline = deadline;
        this.waits = waits;
        this.clock = clock;
        this.crawl = crawl;
    }

    /** The peer being talked to. */
    public ProbeTarget target() {
        return target;
    }

    /** Nanoseconds since the conversation started. */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public Deadline deadline() {
        return deadline;
    }

    @Override
    public Waits waits(Endpoint endpoint) {
        return waits.of(endpoint);
    }

    @Override
    public void reached() {
        if (!reached.get()) {
            crawl.reached(this);
        }
    }

    /**
     * Marks the conversation past its handshake; true for the first caller only. The crawl calls it, under its own
     * lock, to free the dialing slot exactly once: when the peer is reached, or when the conversation ends first.
     */
    public boolean markReached() {
        return reached.compareAndSet(false, true);
    }

    @Override
    public void discovered(List<ProbeTarget> peers) {
        if (!peers.isEmpty()) {
            crawl.discovered(this, peers);
        }
    }

    @Override
    public void ended(ConversationEnd how) {
        if (end == null) {
            end = how;
        }
    }

    /** How the prober said the conversation ended, or {@code null} when it did not say. */
    public ConversationEnd end() {
        return end;
    }

    @Override
    public boolean isKnown(String peerID) {
        return frontier.isSeen(peerID);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Socket connect(Endpoint endpoint) throws IOException {
        Socket socket = dialer.connect(endpoint, connectTimeout(endpoint), this::track);
        track(socket);
        return socket;
    }

    @Override
    public SocketChannel openChannel(Endpoint endpoint) throws IOException {
        SocketChannel channel = dialer.open(endpoint, connectTimeout(endpoint), this::track);
        track(channel);
        return channel;
    }

    /** The time a connect to {@code endpoint} may take: its connect wait, within the conversation's deadline. */
    private Duration connectTimeout(Endpoint endpoint) throws SocketTimeoutException {
        if (!target.endpoints().contains(endpoint)) {
            throw new IllegalStateException(endpoint + " is not an endpoint of " + target.peerID() + " the crawl allowed");
        }
        Duration left = deadline.remaining();
        if (left.isZero()) {
            throw new SocketTimeoutException("connect: conversation deadline passed");
        }
        Duration connect = waits.of(endpoint).connect();
        return left.compareTo(connect) < 0 ? left : connect;
    }

    private void track(Closeable socket) {
        synchronized (this) {
            if (!aborted) {
                if (!sockets.contains(socket)) {
                    sockets.add(socket);
                }
                return;
            }
        }
        closeQuietly(socket);
        throw new IllegalStateException("conversation aborted");
    }

    /** Binds the conversation to the thread that runs it, so an abort can interrupt it. */
    public synchronized void bind(Thread runner) throws SocketException {
        if (aborted) {
            throw new SocketException("conversation aborted before it started");
        }
        this.thread = runner;
    }

    /** Unbinds the running thread and clears an interrupt an abort may have left on it. */
    public void unbind() {
        synchronized (this) {
            thread = null;
        }
        Thread.interrupted();
    }

    /** Claims the right to record the outcome; true for the first caller only. */
    public boolean settle() {
        return settled.compareAndSet(false, true);
    }

    /** Closes every socket and interrupts the running thread: any blocked read or connect ends. */
    public void abort() {
        List<Closeable> open;
        synchronized (this) {
            aborted = true;
            open = new ArrayList<>(sockets);
            sockets.clear();
            if (thread != null) {
                thread.interrupt();
            }
        }
        open.forEach(Conversation::closeQuietly);
    }

    /** Closes the sockets at the normal end of the conversation. */
    public void closeSockets() {
        List<Closeable> open;
        synchronized (this) {
            open = new ArrayList<>(sockets);
            sockets.clear();
        }
        open.forEach(Conversation::closeQuietly);
    }

    private static void closeQuietly(Closeable s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort; the socket is gone either way
        }
    }
}
