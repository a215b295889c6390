package io.peercensus.internal.crawl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs many non-blocking conversations of one crawl on one thread and one {@link Selector}: a thousand
 * conversations at once cost one thread's wake-ups, batched by the selector, instead of a thousand threads blocking
 * on a read each. An {@link io.peercensus.crawl.AsyncProber} starts one loop per crawl and hands it each
 * conversation ({@link Member}).
 *
 * <p>Deadlines are checked at most every {@link #CHECK_INTERVAL_NANOS}, so a wait may run up to that much past its
 * end. Thread-safe: {@link #start} and {@link #close} may be called from any thread.
 */
public final class SelectorLoop implements AutoCloseable {
    /** How often, at most, the loop looks for waits that ran out (and channels the crawl closed). */
    public static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The longest the loop sleeps without looking at deadlines. */
    private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);

    /**
     * A conversation on the loop. Every method is called on the loop's thread only.
     */
    public interface Member {
        /** Joins the loop: registers its channel with {@code selector}, attaching itself, and starts talking. */
        void register(Selector selector);

        /** Handles what the selector reported ready on its key. */
        void ready();

        /** Ends the conversation if its wait ran out by {@code now} ({@link System#nanoTime()}), or its channel was closed. */
        void check(long now);

        /** When the current wait runs out, in {@link System#nanoTime()} terms. */
        long waitEnd();

        /** Whether the conversation is over. */
        boolean ended();

        /** Ends the conversation because the loop is going away. */
        void abandon(String why);

        /** Ends the conversation because handling it threw unexpectedly (a bug). */
        void crash(RuntimeException e);
    }

    private final Selector selector;
    private final Thread thread;
    private final String name;
    private final Queue<Member> arrivals = new ConcurrentLinkedQueue<>();
    private volatile boolean closing;

    /** Starts the loop's thread, a daemon named {@code name}. */
    public SelectorLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.name = name;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a conversation to the loop; it is {@linkplain Member#abandon abandoned} if the loop has stopped. */
    public void start(Member member) {
        arrivals.add(member);
        if (closing) {
            abandonArrivals(); // the loop may have drained its queue already
        } else {
            selector.wakeup();
        }
    }

    /** Whether the caller runs on the loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops the loop: conversations under way are abandoned. Idempotent. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        if (!inLoop()) {
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
                Member arrived;
                while ((arrived = arrivals.poll()) != null) {
                    arrived.register(selector);
                    nextCheck = Math.min(nextCheck, arrived.waitEnd());
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Member m = (Member) key.attachment();
                    handle(m);
                    nextCheck = Math.min(nextCheck, m.waitEnd());
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    nextCheck = checkDeadlines(now);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("the conversation loop {} failed; its conversations end", name, e);
        } finally {
            closing = true;
            for (SelectionKey key : selector.keys()) {
                ((Member) key.attachment()).abandon("crawl ended");
            }
            abandonArrivals();
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the selector failed", e);
            }
        }
    }

    private void handle(Member m) {
        try {
            m.ready();
        } catch (RuntimeException e) {
            LOG.warn("handling a conversation on {} failed", name, e);
            m.crash(e);
        }
    }

    /** Ends conversations whose wait ran out; returns when to look next. */
    private long checkDeadlines(long now) {
        long next = now + IDLE_CHECK_NANOS;
        for (SelectionKey key : selector.keys()) {
            Member m = (Member) key.attachment();
            try {
                m.check(now);
            } catch (RuntimeException e) {
                LOG.warn("checking a conversation on {} failed", name, e);
                m.crash(e);
            }
            if (!m.ended()) {
                next = Math.min(next, m.waitEnd());
            }
        }
        return Math.max(next, now + CHECK_INTERVAL_NANOS);
    }

    private void abandonArrivals() {
        Member m;
        while ((m = arrivals.poll()) != null) {
            m.abandon("crawl ended");
        }
    }
}
