package io.peercensus.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a bound, for tests that observe other threads (no fixed sleeps). */
public final class Await {
    private Await() {
    }

    /** True as soon as {@code condition} holds, false when {@code limit} passes first. */
    public static boolean until(Duration limit, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return condition.getAsBoolean();
            }
            LockSupport.parkNanos(5_000_000);
        }
        return true;
    }
}
