package io.peercensus.net;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A point in time after which a wait must give up. The one deadline type of the project: every
 * connect, read and conversation is bounded by one.
 *
 * <p>Immutable and thread-safe. Time comes from an injected nanosecond source, so tests can drive it.
 */
public final class Deadline {
    private final long deadlineNanos;
    private final LongSupplier nanoTime;

    private Deadline(long deadlineNanos, LongSupplier nanoTime) {
        this.deadlineNanos = deadlineNanos;
        this.nanoTime = nanoTime;
    }

    /** A deadline {@code timeout} from now on the system's monotonic clock. */
    public static Deadline after(Duration timeout) {
        return after(timeout, System::nanoTime);
    }

    /** A deadline {@code timeout} from now on the given monotonic nanosecond clock. */
    public static Deadline after(Duration timeout, LongSupplier nanoTime) {
        long now = nanoTime.getAsLong();
        long nanos = saturatedNanos(timeout);
        long at = now + nanos;
        return new Deadline(at < now ? Long.MAX_VALUE : at, nanoTime);
    }

    /** The earlier of this deadline and one {@code timeout} from now. */
    public Deadline atMost(Duration timeout) {
        Deadline other = after(timeout, nanoTime);
        return other.deadlineNanos - deadlineNanos < 0 ? other : this;
    }

    /** Time left, zero once passed. */
    public Duration remaining() {
        long left = deadlineNanos - nanoTime.getAsLong();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
        return deadlineNanos - nanoTime.getAsLong() <= 0;
    }

    /**
     * The socket timeout to use for the next blocking call: the time left in whole milliseconds, at
     * least 1 (0 would mean "forever" to a socket).
     *
     * @param what what is being waited for, for the message
     * @throws SocketTimeoutException when the deadline has already passed
     */
    public int socketTimeoutMillis(String what) throws SocketTimeoutException {
        long left = deadlineNanos - nanoTime.getAsLong();
        if (left <= 0) {
            throw new SocketTimeoutException(what + ": deadline passed");
        }
        long millis = (left + 999_999) / 1_000_000;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, millis));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "Deadline[" + remaining().toMillis() + " ms left]";
    }
}
