package io.peercensus.examples.serve;

import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One client of {@code GET /peers}: a bounded queue of encoded lines between the broadcast and the client's
 * connection, written with non-blocking writes, so a client holds no thread while it follows the feed.
 *
 * <p>The broadcast only ever {@link #offer offers} (never waits); when the queue is full the subscriber is
 * {@link #drop() dropped}: its connection is closed at once, so the client sees a cut stream rather than a clean
 * end. {@link #end()} ends the feed cleanly after the lines already queued (the chunked body's last chunk).
 * Either way, once the exchange is over the subscriber tells the broadcast, which frees its slot.
 *
 * <p>Thread-safe: {@link #offer}, {@link #drop()} and {@link #end()} come from the broadcast's callers,
 * {@link #hungUp()} from the broadcast's sweeper, and the writes run on the server's threads, one at a time.
 */
final class FeedSubscriber extends IteratingCallback {
    /** Marks the clean end of the feed. */
    private static final byte[] END = new byte[0];
    /** The most bytes gathered into one write when the client is behind. */
    private static final int BATCH_BYTES = 64 * 1024;

    private final FeedRequest filter;
    private final FeedClient client;
    private final BlockingQueue<byte[]> queue;
    private final Consumer<FeedSubscriber> ended;
    private final AtomicBoolean kicked = new AtomicBoolean();
    private final ByteBuffer probe = BufferUtil.allocate(256);
    private volatile int deepest;
    private volatile boolean dropped;
    /** Touched only by {@link #process()}, which the callback runs one at a time. */
    private boolean started;
    private boolean lastWritten;

    /**
     * A subscriber whose lines go to {@code client}.
     *
     * @param filter which observations it wants
     * @param capacity the most lines queued for it before it is dropped
     * @param ended told once when the exchange is over, however it ended
     */
    FeedSubscriber(FeedRequest filter, int capacity, FeedClient client, Consumer<FeedSubscriber> ended) {
        this.filter = filter;
        this.client = client;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.ended = ended;
    }

    /** Whether this subscriber wants {@code peer}. */
    boolean wants(Peer peer) {
        String network = filter.network();
        PeerStatus status = filter.status();
        return (network == null || network.equals(peer.network().name())) && (status == null || status == peer.status());
    }

    /**
     * Queues one line without waiting; false when the queue is full (the caller then drops this subscriber).
     * Call {@link #kick()} once the lines of a publication are queued.
     */
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

    /** Has the queued lines written, on a server thread; cheap when a write is already under way. */
    void kick() {
        if (kicked.compareAndSet(false, true)) {
            try {
                client.executor().execute(() -> {
                    kicked.set(false);
                    iterate();
                });
            } catch (RejectedExecutionException e) {
                kicked.set(false);
                cut(e);
            }
        }
    }

    /** Ends the feed cleanly after the lines already queued; drops the subscriber when there is no room. */
    void end() {
        if (queue.offer(END)) {
            kick();
        } else {
            drop();
        }
    }

    /** Disconnects the client now, whatever is queued. Never blocks. */
    void drop() {
        dropped = true;
        cut(new EofException("the feed client fell too far behind"));
    }

    /** Closes the connection now, without the chunked end, so the client knows its feed was cut. Never blocks. */
    void cut(Throwable why) {
        client.endPoint().close(why);
        abort(why);
    }

    /**
     * Whether the client has closed its side of the connection: a non-blocking read finds the end of its input
     * (bytes it sends after its request are read and ignored). Called by one sweeper thread at a time.
     */
    boolean hungUp() {
        EndPoint endPoint = client.endPoint();
        if (!endPoint.isOpen()) {
            return true;
        }
        try {
            BufferUtil.clear(probe);
            return endPoint.fill(probe) < 0;
        } catch (IOException e) {
            return true;
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

    @Override
    protected Action process() {
        if (lastWritten) {
            return Action.SUCCEEDED;
        }
        List<byte[]> batch = new ArrayList<>();
        int size = 0;
        boolean last = false;
        for (byte[] line; size < BATCH_BYTES && (line = queue.poll()) != null; ) {
            if (line == END) {
                last = true;
                break;
            }
            batch.add(line);
            size += line.length;
        }
        if (started && size == 0 && !last) {
            return Action.IDLE;
        }
        started = true; // the first write sends the headers, even with no line yet
        ByteBuffer bytes = ByteBuffer.allocate(size);
        batch.forEach(bytes::put);
        bytes.flip();
        lastWritten = last;
        client.response().write(last, bytes, this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        ended.accept(this);
        client.done().succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        ended.accept(this);
        client.done().failed(cause);
    }
}
