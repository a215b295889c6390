package io.peercensus.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Opens several {@link JdbcSink}s on one database at the same moment, as monitor processes started together do. */
final class SimultaneousOpens {

    private SimultaneousOpens() {
    }

    /**
     * Opens and closes {@code sinks} sinks on {@code jdbcUrl}, each on its own thread, all released by one latch.
     *
     * @return the message of every open that failed (empty when all succeeded)
     */
    static List<String> failures(String jdbcUrl, int sinks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(sinks);
        try {
            CountDownLatch ready = new CountDownLatch(sinks);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> opens = new ArrayList<>();
            for (int k = 0; k < sinks; k++) {
                opens.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    JdbcSink.open(jdbcUrl).close();
                    return null;
                }));
            }
            ready.await();
            go.countDown();
            List<String> failures = new ArrayList<>();
            for (Future<?> f : opens) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }
}
