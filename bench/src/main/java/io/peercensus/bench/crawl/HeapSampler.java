package io.peercensus.bench.crawl;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The most heap in use while a crawl runs, read every 10 ms on a daemon thread. (Summing the memory
 * pools' own peaks overstates: the young and old pools peak at different moments.) Thread-safe.
 */
public final class HeapSampler implements Runnable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread = new Thread(this, "heap-sampler");
    private volatile boolean running = true;
    private volatile long peak;

    /** Starts sampling. */
    public static HeapSampler start() {
        HeapSampler s = new HeapSampler();
        s.thread.setDaemon(true);
        s.thread.start();
        return s;
    }

    @Override
    public void run() {
        while (running) {
            peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(10); // a sampling period, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling and returns the peak in bytes. */
    public long stopAndGetPeak() throws InterruptedException {
        running = false;
        thread.join();
        return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
    }
}
