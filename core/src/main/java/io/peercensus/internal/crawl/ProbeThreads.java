package io.peercensus.internal.crawl;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the executor conversations run on: one virtual thread per conversation on JDK 21 and later,
 * daemon platform threads on JDK 17. The engine bounds how many run at once either way.
 *
 * <p>Thread-safe.
 */
public final class ProbeThreads {
    private static final MethodHandle VIRTUAL_PER_TASK = findVirtualPerTask();

    private ProbeThreads() {
    }

    /** Whether conversations run on virtual threads in this JVM. */
    public static boolean virtual() {
        return VIRTUAL_PER_TASK != null;
    }

    /** A new executor for one crawl's conversations; threads are named {@code <prefix>-N} on JDK 17. */
    public static ExecutorService newExecutor(String prefix) {
        if (VIRTUAL_PER_TASK != null) {
            try {
                return (ExecutorService) VIRTUAL_PER_TASK.invokeExact();
            } catch (Throwable e) {
                throw new IllegalStateException("cannot create a virtual-thread executor", e);
            }
        }
        // Unbounded on purpose: the engine admits at most `concurrency` conversations, and a
        // conversation the watchdog gave up on must not starve the next one of a thread.
        return Executors.newCachedThreadPool(daemonFactory(prefix));
    }

    /** A factory of daemon platform threads named {@code <prefix>-N}. */
    public static ThreadFactory daemonFactory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static MethodHandle findVirtualPerTask() {
        try {
            return MethodHandles.publicLookup().findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // JDK 17-20
        }
    }
}
