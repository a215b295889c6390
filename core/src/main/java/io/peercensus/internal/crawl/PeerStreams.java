package io.peercensus.internal.crawl;

import io.peercensus.CrawlException;
import io.peercensus.CrawlSummary;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Turns a crawl that pushes observations into a sink into a {@link Stream} that pulls them: the crawl
 * runs on its own thread and hands observations over a small bounded queue; closing the stream
 * cancels the crawl and waits for its thread. A reader blocked waiting for the next observation on another thread
 * then sees the end of the stream.
 *
 * <p>Thread-safe.
 */
public final class PeerStreams {
    private static final int BUFFER = 1024;
    private static final Object END = new Object();

    private PeerStreams() {
    }

    /**
     * Starts {@code crawl} on a new thread named {@code threadName} and returns its observations.
     *
     * @param crawl runs the crawl into the given sink (alongside its own sinks) and returns its summary
     * @param cancel stops the crawl from another thread
     */
    public static Stream<Peer> start(String threadName, Function<PeerSink, CrawlSummary> crawl, Runnable cancel) {
        Handoff handoff = new Handoff();
        Thread runner = new Thread(() -> {
            Object last = END;
            try {
                crawl.apply(handoff);
            } catch (RuntimeException e) {
                last = e;
            } finally {
                handoff.offer(last);
            }
        }, threadName);
        runner.setDaemon(true);
        runner.start();
        Spliterator<Peer> spliterator = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private boolean done;

            @Override
            public boolean tryAdvance(Consumer<? super Peer> action) {
                if (done) {
                    return false;
                }
                Object next = handoff.take();
                if (next == END || handoff.closed) {
                    done = true;
                    return false;
                }
                if (next instanceof RuntimeException) {
                    done = true;
                    throw onConsumerThread((RuntimeException) next);
                }
                action.accept((Peer) next);
                return true;
            }
        };
        return StreamSupport.stream(spliterator, false).onClose(() -> {
            handoff.closed = true;
            cancel.run();
            handoff.queue.clear();
            // A reader blocked in take() on another thread wakes to the end. Once closed is set the crawl offers
            // nothing more but the one offer it may be in the middle of, so the cleared queue has room for this.
            handoff.queue.offer(END);
            try {
                runner.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * The crawl's failure, thrown again on the consumer's thread: the same {@link CrawlException} shape as {@code
     * run} throws (message, cause, summary), with the crawl thread's exception suppressed in it for its stack.
     */
    private static CrawlException onConsumerThread(RuntimeException e) {
        CrawlException again;
        if (e instanceof CrawlException c) {
            Throwable cause = c.getCause() != null ? c.getCause() : c;
            again = c.summary().isPresent() ? new CrawlException(c.getMessage(), cause, c.summary().get())
                    : new CrawlException(c.getMessage(), cause);
        } else {
            again = new CrawlException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        if (again.getCause() != e) {
            again.addSuppressed(e);
        }
        return again;
    }

    /** The sink end of the queue. */
    private static final class Handoff implements PeerSink {
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BUFFER);
        volatile boolean closed;

        @Override
        public void accept(Peer peer) {
            offer(peer);
        }

        void offer(Object item) {
            try {
                while (!closed && !queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    // the consumer is slow: wait, but notice when it closes the stream
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        Object take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrawlException("interrupted while waiting for the next observation", e);
            }
        }
    }
}
