package io.peercensus.testkit.internal.btc;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * A range of delays from which each node draws one, uniformly: per node, from the network's seed, so the ground
 * truth knows it. A range whose ends are equal is a fixed delay.
 *
 * <p>Immutable and thread-safe.
 *
 * @param min the shortest delay, 0 to 10 minutes
 * @param max the longest delay, {@code min} to 10 minutes
 */
public record DelayRange(Duration min, Duration max) {

    /** The longest delay any setting may have. */
    static final Duration LONGEST = Duration.ofMinutes(10);

    /**
     * Checks the ends.
     *
     * @throws IllegalArgumentException when an end is negative or over 10 minutes, or {@code min > max}
     */
    public DelayRange {
        NodeTimings.checkDelay("min", min);
        NodeTimings.checkDelay("max", max);
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("min " + min + " exceeds max " + max);
        }
    }

    /** The fixed delay {@code d}. */
    public static DelayRange of(Duration d) {
        return new DelayRange(d, d);
    }

    /** A delay drawn uniformly from the range, in nanoseconds; one draw from {@code random} whatever the range. */
    long drawNanos(SplittableRandom random) {
        long lo = min.toNanos();
        long span = max.toNanos() - lo;
        double u = random.nextDouble();
        return lo + (long) (u * span);
    }

    /**
     * The range {@code min..max} of setting {@code name}, checked with messages that name it.
     *
     * @throws IllegalArgumentException as {@code "lateVersionDelay must be 0 to 10 minutes, got PT-1S"} or
     *     {@code "lateVersionDelay: min PT10S exceeds max PT6S"}
     */
    public static DelayRange named(String name, Duration min, Duration max) {
        NodeTimings.checkDelay(name, min);
        NodeTimings.checkDelay(name, max);
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + ": min " + min + " exceeds max " + max);
        }
        return new DelayRange(min, max);
    }

    @Override
    public String toString() {
        return min.equals(max) ? min.toString() : min + ".." + max;
    }
}
