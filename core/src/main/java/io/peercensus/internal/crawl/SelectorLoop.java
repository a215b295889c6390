package io.peercensus.internal.crawl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
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
 * end. They are kept in a queue by time, so a check looks only at the conversations whose wait ran out, however many
 * wait for long (a crawl can hold thousands of conversations waiting a minute for an answer). A channel the crawl
 * closed under a conversation (its bound ran out, or the crawl stopped) is noticed at the end of the conversation's
 * current wait: the crawl has recorded that conversation already, and closing the loop abandons every one left.
 *
 * <p>The results of conversations that ended are handed on together ({@link Member#publish()}): once
 * {@link #PUBLISH_BATCH} have ended, or {@link #PUBLISH_DELAY_NANOS} after the first of them. The crawl's thread,
 * which records each result and starts the next conversation in its slot, then wakes once for several instead of
 * once for each (in a warm 10,000-node Bitcoin crawl, 1.2 context switches per dial instead of 1.8). A slot stays
 * empty that much longer, and the time a result is recorded can be that much later.
 *
 * <p>Thread-safe: {@link #start} and {@link #close} may be called from any thread.
 */
public final class SelectorLoop implements AutoCloseable {
    /** How often, at most, the loop looks for waits that ran out (and channels the crawl closed). */
    public static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The most ended conversations whose results wait to be handed on together. */
    public static final int PUBLISH_BATCH = 32;
    /** The longest the result of a conversation that ended waits to be handed on. */
    public static final long PUBLISH_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The longest the loop sleeps without looking at deadlines. */
    private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);

    /**
     * A conversation on the loop. Every method is called on the loop's thread only, but for a conversation the loop
     * never took over ({@link #start} after {@link #close}): it is abandoned and published on the caller's thread.
     * A conversation ends only inside these calls, and keeps its result until {@link #publish()}.
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

        /** Hands on the result the conversation ended with; called once, after it ended. */
        void publish();

        /** The loop's bookkeeping: the check queued for this member, or null. */
        Check scheduled();

        /** The loop's bookkeeping: sets {@link #scheduled()}. */
        void scheduled(Check check);
    }

    /**
     * A deadline check queued for a member: the loop's bookkeeping, opaque to members. A member has at most one check
     * that names it; a check superseded by an earlier one, or whose member ended, names none, so the queue never keeps
     * an ended conversation (and all it holds) alive until the time of a wait it no longer has.
     */
    public static final class Check {
        private final long at;
        private Member member;

        private Check(long at, Member member) {
            this.at = at;
            this.member = member;
        }

        /** The member this check is for, or null once superseded or the member ended (for tests). */
        Member member() {
            return member;
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final String name;
    private final Queue<Member> arrivals = new ConcurrentLinkedQueue<>();
    /** Conversations that ended, their results not yet handed on; only the loop's thread touches it. */
    private final List<Member> ended = new ArrayList<>();
    /** When the results in {@link #ended} must be handed on at the latest. */
    private long publishBy;
    /** When to look at deadlines next; only the loop's thread touches it. */
    private long nextCheck;
    /** The deadline checks queued, earliest first; only the loop's thread touches it. */
    private final PriorityQueue<Check> checks = new PriorityQueue<>((a, b) -> Long.compare(a.at - b.at, 0));
    private volatile boolean closing;
    /** Whether the thread was started; guarded by this. */
    private boolean started;

    /** A loop whose thread, a daemon named {@code name}, starts with the first conversation. */
    public SelectorLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.name = name;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Hands a conversation to the loop; it is {@linkplain Member#abandon abandoned} if the loop has stopped. */
    public void start(Member member) {
        arrivals.add(member);
        if (closing || !running()) {
            abandonArrivals(); // the loop may have drained its queue already
        } else {
            selector.wakeup();
        }
    }

    /** Starts the thread if it has not started; false once the loop is closing. */
    private synchronized boolean running() {
        if (closing) {
            return false;
        }
        if (!started) {
            started = true;
            thread.start();
        }
        return true;
    }

    /** Whether the caller runs on the loop's thread. */
    private boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops the loop: conversations under way are abandoned. Idempotent. */
    @Override
    public void close() {
        boolean wasStarted;
        synchronized (this) {
            closing = true;
            wasStarted = started;
        }
        if (!wasStarted) {
            closeSelector(); // no thread to do it
            abandonArrivals();
            return;
        }
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

    /**
     * The loop's thread. The work of one wake-up is a method of its own ({@link #turn}): this method runs once per
     * crawl, so a JIT compiles the turn as an ordinary hot method, reused by the next crawl's loop, where a loop body
     * inlined here would be compiled anew for each crawl, on the stack (OSR).
     */
    private void run() {
        nextCheck = System.nanoTime() + IDLE_CHECK_NANOS;
        try {
            while (!closing) {
                turn();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("the conversation loop {} failed; its conversations end", name, e);
        } finally {
            closing = true;
            for (SelectionKey key : selector.keys()) {
                Member m = (Member) key.attachment();
                boolean wasOver = m.ended();
                m.abandon("crawl ended");
                noteEnd(m, wasOver);
            }
            publish();
            abandonArrivals();
            closeSelector();
        }
    }

    /**
     * One wake-up: waits for the selector (at most until the next deadline check or the next publication), takes the
     * conversations that arrived over, handles what is ready, checks deadlines when due, and publishes the results
     * that waited long enough.
     */
    private void turn() throws IOException {
        long wakeBy = ended.isEmpty() ? nextCheck : Math.min(nextCheck, publishBy);
        long sleep = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wakeBy - System.nanoTime() + 999_999));
        selector.select(sleep);
        int endedBefore = ended.size();
        Member arrived;
        while ((arrived = arrivals.poll()) != null) {
            arrived.scheduled(null);
            arrived.register(selector);
            noteEnd(arrived, false);
            schedule(arrived);
        }
        for (SelectionKey key : selector.selectedKeys()) {
            Member m = (Member) key.attachment();
            handle(m);
            schedule(m);
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

    private void closeSelector() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector failed", e);
        }
    }

    /**
     * Queues {@code m}'s result for the next {@link #publish()} if it ended just now (it was not over before), and
     * lets go of its queued check.
     */
    private void noteEnd(Member m, boolean wasOver) {
        if (!wasOver && m.ended()) {
            ended.add(m);
            unschedule(m);
        }
    }

    /** Makes {@code m}'s queued check, if any, name no member. */
    private static void unschedule(Member m) {
        Check queued = m.scheduled();
        if (queued != null) {
            queued.member = null;
            m.scheduled(null);
        }
    }

    /** Hands on the results of the conversations that ended. */
    private void publish() {
        for (Member m : ended) {
            try {
                m.publish();
            } catch (RuntimeException e) {
                LOG.warn("handing on a result on {} failed", name, e);
            }
        }
        ended.clear();
    }

    private void handle(Member m) {
        boolean wasOver = m.ended();
        try {
            m.ready();
        } catch (RuntimeException e) {
            LOG.warn("handling a conversation on {} failed", name, e);
            m.crash(e);
        }
        noteEnd(m, wasOver);
    }

    /** Queues a check of {@code m} at the end of its wait, unless one is queued for then or earlier. */
    private void schedule(Member m) {
        if (m.ended()) {
            return;
        }
        long end = m.waitEnd();
        Check queued = m.scheduled();
        if (queued == null || end - queued.at < 0) {
            unschedule(m);
            queue(m, end);
            nextCheck = Math.min(nextCheck, end);
        }
    }

    private void queue(Member m, long at) {
        Check c = new Check(at, m);
        m.scheduled(c);
        checks.add(c);
    }

    /** Checks the members whose queued check is due: ends those whose wait ran out; returns when to look next. */
    private long checkDeadlines(long now) {
        Check c;
        while ((c = checks.peek()) != null && now - c.at >= 0) {
            checks.poll();
            Member m = c.member;
            if (m == null || m.ended()) {
                continue; // superseded, or over
            }
            unschedule(m);
            check(m, now);
            if (!m.ended()) {
                queue(m, Math.max(m.waitEnd(), now + CHECK_INTERVAL_NANOS));
            }
        }
        long next = c == null ? now + IDLE_CHECK_NANOS : Math.min(c.at, now + IDLE_CHECK_NANOS);
        return Math.max(next, now + CHECK_INTERVAL_NANOS);
    }

    private void check(Member m, long now) {
        boolean wasOver = m.ended();
        try {
            m.check(now);
        } catch (RuntimeException e) {
            LOG.warn("checking a conversation on {} failed", name, e);
            m.crash(e);
        }
        noteEnd(m, wasOver);
    }

    private void abandonArrivals() {
        Member m;
        while ((m = arrivals.poll()) != null) {
            m.abandon("crawl ended");
            m.publish(); // never on the loop: nothing else will
        }
    }
}
