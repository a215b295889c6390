package io.peercensus.bench.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
        awaitGoneFromProc("spinner"); // a joined thread's kernel task can outlive it for a moment
        String line = ThreadCpu.snapshot().since(before, 1);
        assertThat(line).as("both ended: no snapshot after sees them").doesNotContain("spinner");
        Matcher ended = Pattern.compile("\\(ended threads\\) ([\\d.]+)").matcher(line);
        assertThat(ended.find()).as(line).isTrue();
        assertThat(Double.parseDouble(ended.group(1))).as("ms of the 120 the two spent, in 10 ms ticks")
                .isGreaterThanOrEqualTo(100);

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

    /** Waits until no task of this process has a name starting with {@code prefix}. */
    private static void awaitGoneFromProc(String prefix) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (tasksNamed(prefix) > 0) {
            assertThat(System.nanoTime() - deadline).as("tasks named " + prefix + "* still there").isNegative();
            Thread.onSpinWait();
        }
    }

    private static long tasksNamed(String prefix) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).startsWith(prefix);
                } catch (IOException e) {
                    return false; // gone while we looked
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
