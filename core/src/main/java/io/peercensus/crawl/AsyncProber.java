package io.peercensus.crawl;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Prober} that holds its conversations without a thread each: {@link #begin} starts one and returns at
 * once, and the prober completes it from its own event loop. The crawl engine then runs thousands of
 * conversations at once on a handful of threads, without a thread switch for every step of each.
 *
 * <p>Implementations must be thread-safe; {@link #begin} is called from the engine's thread.
 */
public interface AsyncProber extends Prober {

    /**
     * Starts a conversation with {@code target}. Must not block: no DNS, no blocking connect, no proxy handshake
     * on the caller's thread ({@link ProbeContext#openChannel} of a direct endpoint does not block).
     *
     * @return completes with the result, or exceptionally with the {@link IOException} or {@link ProbeException}
     *     that ended the conversation; should complete by the context's deadline, after which the engine records
     *     a timeout and closes the conversation's channels whatever the prober does
     */
    CompletionStage<ProbeResult> begin(ProbeTarget target, ProbeContext context);

    /** Runs {@link #begin} and waits for its end, for at most the context's deadline and a second more. */
    @Override
    default ProbeResult probe(ProbeTarget target, ProbeContext context)
            throws IOException, ProbeException, InterruptedException {
        long waitNanos = context.deadline().remaining().toNanos() + TimeUnit.SECONDS.toNanos(1);
        try {
            return begin(target, context).toCompletableFuture().get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof ProbeException p) {
                throw p;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("conversation failed", cause);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("conversation outlived its deadline");
        }
    }
}
