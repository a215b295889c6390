package io.peercensus.examples.serve;

import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.sink.PeerJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.io.EofException;

/**
 * The live feed behind {@code GET /peers}: encodes each observation once, as one {@link PeerJson} line, and offers
 * the same bytes to every subscriber that wants it, without ever waiting. A subscriber whose bounded queue is full
 * is dropped and counted; the crawl goes on at its own pace. The last {@value #RECENT} lines are kept, so a new
 * subscriber can start with recent history.
 *
 * <p>Memory is bounded whatever the clients do: lines are shared between queues, so at most
 * {@code capacity + RECENT} distinct lines are held, plus one queue slot array per subscriber.
 *
 * <p>Thread-safe. {@link #publish} and {@link #subscribe} are synchronized, so every subscriber sees observations of
 * all networks in one order, and the client limit is checked and taken at once.
 */
final class FeedBroadcast {
    /** How many recent lines are kept for {@code recent=N}. */
    static final int RECENT = 1000;

    private final int capacity;
    private final List<FeedSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Recent> recent = new ArrayDeque<>(RECENT);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    /** Notified whenever a subscriber comes or goes; never held while calling out. */
    private final Object changes = new Object();
    private volatile int deepest;
    private boolean closed;

    private record Recent(Peer peer, byte[] line) {
    }

    /** A feed whose subscribers may fall {@code capacity} lines behind before they are dropped. */
    FeedBroadcast(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("subscriber buffer must be at least 1 line, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** One line of NDJSON for {@code peer}: ASCII, as {@link PeerJson} writes it, ending in {@code \n}. */
    static byte[] encode(Peer peer) {
        return (PeerJson.toJson(peer) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Hands {@code peer} to every subscriber that wants it; never waits for one. */
    synchronized void publish(Peer peer) {
        if (closed) {
            return;
        }
        byte[] line = encode(peer);
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast(new Recent(peer, line));
        published.incrementAndGet();
        for (FeedSubscriber s : subscribers) {
            if (s.wants(peer)) {
                if (s.offer(line)) {
                    s.kick();
                } else {
                    drop(s);
                }
            }
        }
    }

    /** Why a subscription was refused. */
    enum Refusal {
        /** As many clients as allowed are connected. */
        FULL,
        /** The feed has ended: the service is stopping. */
        CLOSED
    }

    /** A subscription: the subscriber, or why there is none. */
    record Subscription(FeedSubscriber subscriber, Refusal refusal) {
    }

    /**
     * Adds a subscriber for {@code client} unless {@code max} are connected already (checked and taken at once),
     * first queueing up to {@code request.recent()} of the most recent lines it wants. Its slot is freed as soon
     * as its exchange is over.
     */
    synchronized Subscription subscribe(FeedRequest request, int max, FeedClient client) {
        if (closed) {
            return new Subscription(null, Refusal.CLOSED);
        }
        if (subscribers.size() >= max) {
            return new Subscription(null, Refusal.FULL);
        }
        FeedSubscriber s = new FeedSubscriber(request, capacity, client, this::unsubscribe);
        List<byte[]> history = new ArrayList<>();
        for (Iterator<Recent> it = recent.descendingIterator();
                it.hasNext() && history.size() < Math.min(request.recent(), capacity / 2); ) {
            Recent r = it.next();
            if (s.wants(r.peer())) {
                history.add(r.line());
            }
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            s.offer(history.get(i));
        }
        subscribers.add(s);
        served.incrementAndGet();
        changed();
        s.kick(); // sends the headers and the history
        return new Subscription(s, null);
    }

    /** Waits until at least {@code n} subscribers are connected; false when {@code timeout} passed first. */
    boolean awaitSubscribers(int n, Duration timeout) throws InterruptedException {
        return await(() -> subscribers.size() >= n, timeout);
    }

    /** Waits until no subscriber is connected; false when {@code timeout} passed first. */
    boolean awaitNoSubscribers(Duration timeout) throws InterruptedException {
        return await(subscribers::isEmpty, timeout);
    }

    private boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changes) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changes, left);
            }
            return true;
        }
    }

    private void changed() {
        synchronized (changes) {
            changes.notifyAll();
        }
    }

    /** Frees the slot of a subscriber whose exchange is over. */
    void unsubscribe(FeedSubscriber s) {
        if (subscribers.remove(s)) {
            noteDepth(s);
            changed();
        }
    }

    /**
     * Frees at once the slots of subscribers whose clients closed their connections, and closes those
     * connections; run it every few hundred milliseconds, so a slot is freed even while nothing is published.
     * Not for concurrent calls.
     */
    void sweep() {
        for (FeedSubscriber s : subscribers) {
            if (s.hungUp()) {
                unsubscribe(s);
                s.cut(new EofException("the feed client closed its connection"));
            }
        }
    }

    private void drop(FeedSubscriber s) {
        unsubscribe(s);
        dropped.incrementAndGet();
        s.drop();
    }

    private void noteDepth(FeedSubscriber s) {
        deepest = Math.max(deepest, s.deepestQueue());
    }

    /** Ends every subscriber's feed cleanly after what is queued; later subscriptions are refused. */
    synchronized void close() {
        closed = true;
        for (FeedSubscriber s : subscribers) {
            s.end();
            if (s.dropped()) {
                unsubscribe(s);
                dropped.incrementAndGet();
            }
        }
    }

    /** Subscribers now connected. */
    int subscribers() {
        return subscribers.size();
    }

    /** Subscribers dropped because they fell too far behind. */
    long droppedSubscribers() {
        return dropped.get();
    }

    /** Subscribers ever accepted. */
    long servedSubscribers() {
        return served.get();
    }

    /** Observations published. */
    long published() {
        return published.get();
    }

    /** The most lines ever queued for one subscriber (at most the capacity). */
    int deepestQueue() {
        int now = deepest;
        for (FeedSubscriber s : subscribers) {
            now = Math.max(now, s.deepestQueue());
        }
        return now;
    }

    /** The most lines a subscriber may fall behind. */
    int capacity() {
        return capacity;
    }

    /** A sink view that publishes every observation and is never closed by a crawl. */
    PeerSink sink() {
        return this::publish;
    }
}
