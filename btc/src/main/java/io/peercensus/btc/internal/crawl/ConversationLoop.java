package io.peercensus.btc.internal.crawl;

import io.peercensus.btc.internal.wire.Checksum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every {@link NodeConversation} of one crawl on one thread and one {@link Selector}. A thousand
 * conversations at once then cost one thread's wake-ups, batched by the selector, instead of a thousand threads
 * blocking on a read each; and the crawl's {@link AddressTable}, which only this thread touches, needs no locks.
 *
 * <p>Deadlines are checked at most every {@link #CHECK_INTERVAL_NANOS}, so a wait may run up to that much past
 * its end.
 *
 * <p>The results of conversations that ended are handed on together: once {@link #PUBLISH_BATCH} have ended, or
 * {@link #PUBLISH_DELAY_NANOS} after the first of them. The crawl's thread, which records each result and starts
 * the next conversation in its slot, then wakes once for several instead of once for each (in a warm 10,000-node
 * crawl, 1.2 context switches per dial instead of 1.8). A slot stays empty that much longer. A reachable node's
 * latency is taken when its handshake ends, so it does not change; the time at which a result is recorded ({@code
 * seenAt}, and the elapsed time of a failed conversation) can be up to that much later.
 *
 * <p>Thread-safe: {@link #start} and {@link #close} may be called from any thread.
 */
final class ConversationLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationLoop.class);
    /** How often, at most, the loop looks for waits that ran out (and channels the crawl closed). */
    static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int READ_BUFFER = 64 * 1024;
    /** The most ended conversations whose results wait to be handed on together. */
    static final int PUBLISH_BATCH = 32;
    /** The longest the result of a conversation that ended waits to be handed on. */
    static final long PUBLISH_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The longest the loop sleeps without looking at deadlines. */
    private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Selector selector;
    private final Thread thread;
    private final Queue<NodeConversation> arrivals = new ConcurrentLinkedQueue<>();
    private final AddressTable table = new AddressTable();
    private final Checksum.Digest checksum = new Checksum.Digest();
    /** Where every conversation reads: big enough for a whole getaddr answer (about 35 KB) in one read. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    /** Conversations that ended, their results not yet handed on; only the loop's thread touches it. */
    private final List<NodeConversation> ended = new ArrayList<>();
    /** When the results in {@link #ended} must be handed on at the latest. */
    private long publishBy;
    private volatile boolean closing;

    /** Starts the loop's thread, a daemon named {@code name}. */
    ConversationLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a conversation to the loop; it ends with {@link NodeConversation#outcome()} completed, always. */
    void start(NodeConversation conversation) {
        arrivals.add(conversation);
        if (closing) {
            abandonArrivals(); // the loop may have drained its queue already
        } else {
            selector.wakeup();
        }
    }

    /** Stops the loop: conversations under way end with an exception. Idempotent. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.NANOSECONDS.toMillis(IDLE_CHECK_NANOS) * 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        abandonArrivals();
    }

    private void run() {
        long nextCheck = System.nanoTime() + IDLE_CHECK_NANOS;
        try {
            while (!closing) {
                long wakeBy = ended.isEmpty() ? nextCheck : Math.min(nextCheck, publishBy);
                long sleep = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wakeBy - System.nanoTime() + 999_999));
                selector.select(sleep);
                int endedBefore = ended.size();
                NodeConversation arrived;
                while ((arrived = arrivals.poll()) != null) {
                    arrived.register(selector, readBuffer, table, checksum, ended);
                    nextCheck = Math.min(nextCheck, arrived.waitEnd());
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    NodeConversation c = (NodeConversation) key.attachment();
                    handle(c);
                    nextCheck = Math.min(nextCheck, c.waitEnd());
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    nextCheck = checkDeadlines(now);
                }
                if (endedBefore == 0 && !ended.isEmpty()) {
                    publishBy = now + PUBLISH_DELAY_NANOS;
                }
                if (!ended.isEmpty() && (ended.size() >= PUBLISH_BATCH || now - publishBy >= 0)) {
                    publish();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("the Bitcoin conversation loop failed; its conversations end", e);
        } finally {
            closing = true;
            for (SelectionKey key : selector.keys()) {
                ((NodeConversation) key.attachment()).abandon("crawl ended");
            }
            publish();
            abandonArrivals();
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the selector failed", e);
            }
        }
    }

    /** Hands on the results of the conversations that ended. */
    private void publish() {
        for (NodeConversation c : ended) {
            c.publish();
        }
        ended.clear();
    }

    private static void handle(NodeConversation c) {
        try {
            c.ready();
        } catch (RuntimeException e) {
            LOG.warn("handling a Bitcoin conversation failed", e);
            c.crash(e);
        }
    }

    /** Ends conversations whose wait ran out; returns when to look next. */
    private long checkDeadlines(long now) {
        long next = now + IDLE_CHECK_NANOS;
        for (SelectionKey key : selector.keys()) {
            NodeConversation c = (NodeConversation) key.attachment();
            c.check(now);
            if (!c.ended()) {
                next = Math.min(next, c.waitEnd());
            }
        }
        return Math.max(next, now + CHECK_INTERVAL_NANOS);
    }

    private void abandonArrivals() {
        NodeConversation c;
        while ((c = arrivals.poll()) != null) {
            c.abandon("crawl ended");
        }
    }
}
