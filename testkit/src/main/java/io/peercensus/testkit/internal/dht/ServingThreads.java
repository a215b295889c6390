package io.peercensus.testkit.internal.dht;

import io.peercensus.internal.crawl.ProbeThreads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a simulated DHT network serves on: connection and stream handlers (one virtual thread per task
 * on JDK 21 and later, as core's {@link ProbeThreads} makes them; else a cached pool of daemon threads), yamux
 * session readers (daemon threads), and one timer thread that delays answers without holding a handler thread.
 * Every platform thread is named {@code <prefix>-...} and joined by {@link #close()}.
 *
 * <p>Thread-safe.
 */
final class ServingThreads implements AutoCloseable {

    private static final long JOIN_MILLIS = 10_000;
    private static final int PRUNE_EVERY = 1024;

    private final String prefix;
    private final Set<Thread> platform = ConcurrentHashMap.newKeySet();
    private final AtomicInteger created = new AtomicInteger();
    private final ExecutorService handlers;
    private final ScheduledExecutorService timer;
    private final ThreadFactory readers;

    ServingThreads(String prefix) {
        this.prefix = prefix;
        this.handlers = ProbeThreads.virtual()
                ? ProbeThreads.newExecutor(prefix)
                : new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                        factory("handler"));
        ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1, factory("timer"));
        scheduled.setRemoveOnCancelPolicy(true);
        this.timer = scheduled;
        this.readers = factory("yamux");
    }

    /** A factory of tracked daemon threads named {@code <prefix>-<role>-N}. */
    private ThreadFactory factory(String role) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + role + "-" + n.incrementAndGet());
            t.setDaemon(true);
            if (created.incrementAndGet() % PRUNE_EVERY == 0) {
                platform.removeIf(old -> !old.isAlive());
            }
            platform.add(t);
            return t;
        };
    }

    /** The prefix of every thread name. */
    String prefix() {
        return prefix;
    }

    /** The factory yamux sessions start their reader threads with. */
    ThreadFactory readers() {
        return readers;
    }

    /** Runs {@code task} on a handler thread; returns false when the network is closing. */
    boolean execute(Runnable task) {
        try {
            handlers.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs {@code task} on a handler thread after {@code delay} (at once when zero); dropped when closing. */
    void later(Duration delay, Runnable task) {
        if (delay.isZero()) {
            execute(task);
            return;
        }
        try {
            timer.schedule(() -> execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing: the answer is never sent, as when a node goes away
        }
    }

    /**
     * Interrupts every handler, stops the timer and waits for every thread to end (connections must be closed
     * first, so that readers and handlers see their sockets fail).
     *
     * @throws IllegalStateException when a thread does not end within 10 s
     */
    @Override
    public void close() {
        timer.shutdownNow();
        handlers.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        try {
            handlers.awaitTermination(JOIN_MILLIS, TimeUnit.MILLISECONDS);
            timer.awaitTermination(JOIN_MILLIS, TimeUnit.MILLISECONDS);
            for (Thread t : platform) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left > 0) {
                    t.join(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Thread t : platform) {
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop within 10 s");
            }
        }
        platform.clear();
    }
}
