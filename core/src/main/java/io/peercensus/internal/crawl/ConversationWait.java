package io.peercensus.internal.crawl;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * What a non-blocking conversation waits for and until when: each wait lasts its own length (the connect wait, a
 * message wait, the answer wait) or by default the conversation's message wait, from its start, never past the end
 * of the whole conversation. Times are {@link System#nanoTime()} values.
 *
 * <p>Not thread-safe: the conversation loop's thread uses it.
 */
public final class ConversationWait {
    private final long timeoutNanos;
    private final long conversationEnd;
    private String awaited;
    private long end;
    private long millis;

    /** Waits of {@code timeoutNanos} unless told otherwise, none past {@code conversationEnd}. */
    public ConversationWait(long timeoutNanos, long conversationEnd) {
        this.timeoutNanos = timeoutNanos;
        this.conversationEnd = conversationEnd;
    }

    /** Starts a wait for {@code what} at {@code now}, of the default length. */
    public void start(String what, long now) {
        start(what, now, timeoutNanos);
    }

    /** Starts a wait for {@code what} at {@code now}, of {@code nanos}. */
    public void start(String what, long now, long nanos) {
        awaited = what;
        end = conversationEnd - now < nanos ? conversationEnd : now + nanos;
        millis = TimeUnit.NANOSECONDS.toMillis(end - now + 999_999);
    }

    /** Whether the current wait was cut short by the end of the whole conversation. */
    public boolean endsWithConversation() {
        return end == conversationEnd;
    }

    /** Names what the current wait is for, without moving its end. */
    public void rename(String what) {
        awaited = what;
    }

    /** When the current wait runs out. */
    public long end() {
        return end;
    }

    /** Whether the current wait has run out by {@code now}. */
    public boolean over(long now) {
        return now - end >= 0;
    }

    /** What the current wait is for. */
    public String awaited() {
        return awaited;
    }

    /** The timeout of a connect that did not complete in this wait. */
    public SocketTimeoutException connectTimeout() {
        return new SocketTimeoutException("connect timed out after " + millis + " ms");
    }

    /** The timeout of this wait: {@code no <what> within <N> ms}. */
    public SocketTimeoutException timeout() {
        return new SocketTimeoutException("no " + awaited + " within " + millis + " ms");
    }
}
