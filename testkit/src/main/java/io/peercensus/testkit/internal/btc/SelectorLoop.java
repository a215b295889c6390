package io.peercensus.testkit.internal.btc;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One selector thread serving many nodes: every listener registered for accept, every connection a
 * {@link NodeConnection} state machine, and a timer queue for delayed writes, run between selects. All node
 * and connection state is touched only by this thread, so none of it is locked.
 *
 * <p>Thread-safe in its public surface: {@link #listen} before {@link #start()} from the building thread,
 * {@link #close()} from any thread; everything else runs on the loop's own thread.
 */
final class SelectorLoop implements AutoCloseable {

    private static final long ACCEPT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Selector selector;
    private final Thread thread;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final SplittableRandom nonces;
    private long timerSequence;
    private volatile boolean closing;

    /** A delayed task; ordered by due time, then by the order it was scheduled in. */
    private record Timer(long due, long sequence, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due - o.due, 0); // nanoTime values compare by difference
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    SelectorLoop(String name, long nonceSeed) throws IOException {
        this.selector = Selector.open();
        this.nonces = new SplittableRandom(nonceSeed);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Registers a bound listener of {@code node} for accepting; before {@link #start()} only. */
    void listen(ServerSocketChannel listener, ServedNode node) throws IOException {
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT, node);
    }

    void start() {
        thread.start();
    }

    /** Runs {@code task} on this loop after {@code delayNanos}; loop thread only. */
    void schedule(long delayNanos, Runnable task) {
        timers.add(new Timer(System.nanoTime() + delayNanos, timerSequence++, task));
    }

    /** A fresh nonce for a {@code version} or {@code ping}; loop thread only. */
    long nonce() {
        return nonces.nextLong();
    }

    private void run() {
        try {
            while (!closing) {
                long waitMillis = runDueTimers();
                if (waitMillis < 0) {
                    selector.selectNow();
                } else {
                    selector.select(waitMillis);
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    handle(key);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector itself failed or was closed: nothing more to serve
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key.channel());
            }
            closeQuietly(selector);
        }
    }

    /** Runs the timers that are due; returns how long select may block: -1 for not at all, 0 for no limit. */
    private long runDueTimers() {
        while (!timers.isEmpty()) {
            long left = timers.peek().due - System.nanoTime();
            if (left > 0) {
                return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
            }
            timers.poll().task.run();
        }
        return 0;
    }

    private void handle(SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.attachment() instanceof ServedNode node) {
                accept(key, node);
            } else if (key.attachment() instanceof NodeConnection c) {
                if (key.isReadable()) {
                    c.onReadable();
                }
                if (key.isValid() && key.isWritable()) {
                    c.onWritable();
                }
            }
        } catch (CancelledKeyException e) {
            // closed while handled
        }
    }

    private void accept(SelectionKey key, ServedNode node) {
        ServerSocketChannel listener = (ServerSocketChannel) key.channel();
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                // Out of file descriptors, most likely: stop accepting on this listener for a moment.
                key.interestOps(0);
                schedule(ACCEPT_BACKOFF_NANOS, () -> {
                    if (key.isValid()) {
                        key.interestOps(SelectionKey.OP_ACCEPT);
                    }
                });
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                channel.socket().setTcpNoDelay(true);
                SelectionKey connectionKey = channel.register(selector, SelectionKey.OP_READ);
                connectionKey.attach(new NodeConnection(this, channel, connectionKey, node));
            } catch (IOException e) {
                closeQuietly(channel);
            }
        }
    }

    /** Stops the loop, closes every listener and connection it serves, and waits for its thread to end. */
    @Override
    public void close() {
        closing = true;
        if (thread.getState() == Thread.State.NEW) {
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key.channel());
            }
            closeQuietly(selector);
            return;
        }
        selector.wakeup();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!thread.isAlive()) {
            return;
        }
        throw new IllegalStateException(thread.getName() + " did not stop within 10 s");
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing: nothing left to do with it
        }
    }
}
