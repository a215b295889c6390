package io.peercensus.examples.serve;

import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One client of {@code GET /peers}: a bounded queue of encoded lines between the broadcast and the thread that
 * writes them to the client's connection.
 *
 * <p>The broadcast only ever {@link #offer offers} (never waits); when the queue is full the subscriber is
 * {@link #drop() dropped}: its writer is interrupted, which closes the connection at once (the JDK server writes
 * through an interruptible channel), so the client sees a cut stream rather than a clean end.
 *
 * <p>Thread-safe: {@link #offer}, {@link #drop()} and {@link #end()} come from the broadcast's thread,
 * {@link #pump} runs on the writer's.
 */
final class FeedSubscriber {
    /** Marks the clean end of the feed. */
    private static final byte[] END = new byte[0];
    /** Lines written between two flushes when the client is behind. */
    private static final int BATCH = 256;

    private final String network;
    private final PeerStatus status;
    private final BlockingQueue<byte[]> queue;
    private final Thread writer;
    private final Object lock = new Object();
    private boolean writing = true;
    private volatile boolean dropped;
    private volatile int deepest;

    /**
     * A subscriber whose lines {@code writer} will write.
     *
     * @param network only observations of this network, or {@code null} for all
     * @param status only observations with this status, or {@code null} for all
     * @param capacity the most lines queued for it before it is dropped
     */
    FeedSubscriber(String network, PeerStatus status, int capacity, Thread writer) {
        this.network = network;
        this.status = status;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = writer;
    }

    /** Whether this subscriber wants {@code peer}. */
    boolean wants(Peer peer) {
        return (network == null || network.equals(peer.network().name())) && (status == null || status == peer.status());
    }

    /** Queues one line without waiting; false when the queue is full (the caller then drops this subscriber). */
    boolean offer(byte[] line) {
        if (!queue.offer(line)) {
            return false;
        }
        int depth = queue.size();
        if (depth > deepest) {
            deepest = depth;
        }
        return true;
    }

    /** Ends the feed cleanly after the lines already queued; drops the subscriber when there is no room. */
    void end() {
        if (!queue.offer(END)) {
            drop();
        }
    }

    /** Disconnects the client now, whatever is queued. Never blocks. */
    void drop() {
        dropped = true;
        synchronized (lock) {
            if (writing) {
                writer.interrupt();
            }
        }
    }

    /** Whether this subscriber was dropped. */
    boolean dropped() {
        return dropped;
    }

    /** The most lines that were ever queued at once. */
    int deepestQueue() {
        return deepest;
    }

    /**
     * Writes queued lines to {@code out}, flushing whenever the queue runs dry, until the feed ends or the
     * subscriber is dropped. Must run on the writer thread given to the constructor.
     *
     * @return true at a clean end of the feed, false when dropped (the connection is then closed)
     * @throws IOException when the client goes away
     */
    boolean pump(OutputStream out) throws IOException {
        List<byte[]> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                if (dropped) {
                    return cut(out);
                }
                for (byte[] line : batch) {
                    if (line == END) {
                        out.flush();
                        return true;
                    }
                    out.write(line);
                }
                batch.clear();
                out.flush();
            }
        } catch (InterruptedException e) {
            return cut(out);
        } finally {
            synchronized (lock) {
                writing = false;
            }
            Thread.interrupted(); // an interrupt meant for this subscriber must not outlive it on a pooled thread
        }
    }

    /** Closes the connection without the chunked end, so the client knows its feed was cut. */
    private static boolean cut(OutputStream out) {
        Thread.currentThread().interrupt(); // a write on an interruptible channel now closes it
        try {
            out.write('\n');
            out.flush();
        } catch (IOException expected) {
            // ClosedByInterruptException: the connection is closed, as intended
        }
        return false;
    }
}
