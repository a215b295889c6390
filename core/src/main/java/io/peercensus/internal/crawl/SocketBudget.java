package io.peercensus.internal.crawl;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many sockets a crawl may hold open at once, from the process's file-descriptor limit read when the crawl
 * starts: half of the descriptors still free. The other half is left to the rest of the process: its files and
 * sinks and, in tests and demos, a simulated network's own end of each connection. When that is fewer than the
 * crawl's concurrency, the crawl says so in one line and dials fewer at once.
 *
 * <p>Thread-safe (stateless).
 */
public final class SocketBudget {
    private static final Logger LOG = LoggerFactory.getLogger(SocketBudget.class);
    /** The fewest sockets a crawl is given, whatever the limit says. */
    static final int FLOOR = 16;

    private SocketBudget() {
    }

    /**
     * The sockets a crawl of {@code concurrency} dialing at once may hold, from this process's limits; without a
     * limit to read (not a Unix JVM), no bound.
     */
    public static int forCrawl(int concurrency) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return of(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount(), concurrency);
        }
        return Integer.MAX_VALUE;
    }

    /** The budget for a process allowed {@code max} descriptors with {@code open} in use; logs when it is tight. */
    static int of(long max, long open, int concurrency) {
        long budget = Math.max(FLOOR, (max - open) / 2);
        if (budget < concurrency) {
            LOG.warn("the open-file limit ({} descriptors, {} in use) allows {} sockets at once: dialing at most {}"
                    + " peers at once instead of {} (raise the limit with 'ulimit -n')", max, open, budget, budget,
                    concurrency);
        }
        return (int) Math.min(Integer.MAX_VALUE, budget);
    }
}
