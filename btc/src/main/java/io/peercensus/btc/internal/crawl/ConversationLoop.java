package io.peercensus.btc.internal.crawl;

import io.peercensus.btc.internal.wire.Checksum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
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
 * its end. Thread-safe: {@link #start} and {@link #close} may be called from any thread.
 */
final class ConversationLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationLoop.class);
    /** How often, at most, the loop looks for waits that ran out (and channels the crawl closed). */
    static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int READ_BUFFER = 64 * 1024;
    /** The longest the loop sleeps without looking at deadlines. */
    private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Selector selector;
    private final Thread thread;
    private final Queue<NodeConversation> arrivals = new ConcurrentLinkedQueue<>();
    private final AddressTable table = new AddressTable();
    private final Checksum.Digest checksum = new Checksum.Digest();
    /** Where every conversation reads: big enough for a whole getaddr answer (about 35 KB) in one read. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
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
                long sleep = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextCheck - System.nanoTime()));
                selector.select(sleep);
                NodeConversation arrived;
                while ((arrived = arrivals.poll()) != null) {
                    arrived.register(selector, readBuffer, table, checksum);
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
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("the Bitcoin conversation loop failed; its conversations end", e);
        } finally {
            closing = true;
            for (SelectionKey key : selector.keys()) {
                ((NodeConversation) key.attachment()).abandon("crawl ended");
            }
            abandonArrivals();
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the selector failed", e);
            }
        }
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
