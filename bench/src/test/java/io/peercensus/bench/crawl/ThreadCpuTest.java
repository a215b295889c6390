package io.peercensus.bench.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void theJvmsNumberedThreadsFoldIntoOneGroupEach() {
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC");
        assertThat(ThreadCpu.group("G1 Conc#0")).isEqualTo("GC");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("JIT");
        assertThat(ThreadCpu.group("C1 CompilerThre")).isEqualTo("JIT");
        assertThat(ThreadCpu.group("worker-12")).isEqualTo("worker");
        assertThat(ThreadCpu.group("peercensus-btc-")).isEqualTo("peercensus-btc-");
    }

    @Test
    void saysWhichThreadsTheCpuWentToAndCountsThoseThatEndedTogether() throws InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
        ThreadCpu before = ThreadCpu.snapshot();
        Thread first = spinner("spinner-1");
        Thread second = spinner("spinner-2");
        first.join();
        second.join();
        assertThat(ThreadCpu.snapshot().since(before, 1)).as("both ended: no snapshot after sees them")
                .contains("(ended threads)").doesNotContain("spinner");

        ThreadCpu start = ThreadCpu.snapshot();
        Object gate = new Object();
        Thread parked = new Thread(() -> {
            burn(TimeUnit.MILLISECONDS.toNanos(60));
            synchronized (gate) {
                try {
                    gate.wait(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "parked-7");
        parked.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (parked.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(ThreadCpu.snapshot().since(start, 1)).contains("parked ");
        } finally {
            parked.interrupt();
            parked.join();
        }
    }

    /** A started thread named {@code name} that uses 60 ms of CPU, then ends. */
    private static Thread spinner(String name) {
        Thread t = new Thread(() -> burn(TimeUnit.MILLISECONDS.toNanos(60)), name);
        t.start();
        return t;
    }

    /** Uses {@code nanos} of this thread's CPU time (not wall time: a busy machine only makes it take longer). */
    private static void burn(long nanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - start < nanos) {
            x += System.nanoTime();
        }
        assertThat(x).isNotZero();
    }
}
