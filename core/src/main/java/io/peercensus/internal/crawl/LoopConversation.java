package io.peercensus.internal.crawl;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * What every conversation on a {@link SelectorLoop} does alike, whatever its protocol: it keeps what it ended with
 * until the loop {@linkplain #publish() publishes} it, then completes {@link #outcome()}; it has a current wait
 * ({@link ConversationWait}); and the loop's deadline check ends it when the crawl closed its channel, or when its
 * wait ran out and nothing that arrived in time was still unread. A protocol's conversation says what its timeout
 * means at each stage ({@link #timedOut()}) and how it ends ({@link #fail}).
 *
 * <p>Not thread-safe: made on a prober's thread, then used only by the loop's thread.
 *
 * @param <O> what a conversation that reached its peer ends with
 */
public abstract class LoopConversation<O> implements SelectorLoop.Member {
    private final CompletableFuture<O> outcome = new CompletableFuture<>();
    /** The current wait: its end is what the loop's deadline check compares. */
    protected final ConversationWait wait;
    private O result;
    private Throwable error;
    private SelectorLoop.Check scheduled;

    /** A conversation whose waits last at most {@code timeoutNanos} each, none past {@code conversationEnd}. */
    protected LoopConversation(long timeoutNanos, long conversationEnd) {
        this.wait = new ConversationWait(timeoutNanos, conversationEnd);
    }

    /** Completes when the loop publishes the end: normally, or exceptionally with the error that ended it. */
    public final CompletableFuture<O> outcome() {
        return outcome;
    }

    @Override
    public final long waitEnd() {
        return wait.end();
    }

    @Override
    public final SelectorLoop.Check scheduled() {
        return scheduled;
    }

    @Override
    public final void scheduled(SelectorLoop.Check check) {
        this.scheduled = check;
    }

    /**
     * Ends the conversation if the crawl closed its channel, or if its wait ran out by {@code now}: what arrived in
     * time but was not yet read is handled first ({@link #arrivedUnseen}), then {@link #timedOut()} decides.
     */
    @Override
    public final void check(long now) {
        if (ended()) {
            return;
        }
        if (!channel().isOpen()) {
            fail(new IOException("conversation aborted"));
        } else if (wait.over(now) && !arrivedUnseen(now)) {
            timedOut();
        }
    }

    @Override
    public final void abandon(String why) {
        if (!ended()) {
            fail(new IOException(why));
        }
    }

    @Override
    public final void crash(RuntimeException e) {
        if (!ended()) {
            fail(e);
        }
    }

    @Override
    public final void publish() {
        if (error == null) {
            outcome.complete(result);
        } else {
            outcome.completeExceptionally(error);
        }
    }

    /** The channel of the current connection attempt. */
    protected abstract SocketChannel channel();

    /**
     * Handles what the socket holds when the wait ran out, in case the loop was slower than the peer (a busy machine):
     * an answer that came in time but was not yet read is not a timeout. True when that ended the wait (what was
     * awaited was there, or the conversation ended).
     */
    protected abstract boolean arrivedUnseen(long now);

    /** The current wait ran out: end the conversation, or go on, as the stage calls for. */
    protected abstract void timedOut();

    /** Ends the conversation (its channel closed) with {@code e}: the crawl records the peer as not reached. */
    protected abstract void fail(Exception e);

    /** Keeps {@code ended} to publish: call once, when the conversation ends having reached its peer. */
    protected final void endWith(O ended) {
        this.result = ended;
    }

    /** Keeps {@code e} to publish: call once, when the conversation ends without reaching its peer. */
    protected final void endWithError(Throwable e) {
        this.error = e;
    }
}
