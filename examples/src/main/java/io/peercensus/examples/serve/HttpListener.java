package io.peercensus.examples.serve;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The service's HTTP/1.1 server: Jetty's NIO connector, which reads requests without holding a thread, on a bounded
 * pool of worker threads; request headers limited in size (larger get 431) and in time (see
 * {@link HeaderDeadline}); idle connections closed. A watch thread runs the header deadline and a given sweep a few
 * times a second.
 *
 * <p>Thread-safe.
 */
final class HttpListener implements AutoCloseable {
    /** The most bytes of request line and headers; more is answered with 431. */
    static final int HEADER_BYTES = 8 * 1024;
    /** How long a connection may make no progress (between requests, or a response the client does not read). */
    static final Duration IDLE = Duration.ofSeconds(30);

    private final Server server;
    private final ServerConnector connector;
    private final QueuedThreadPool pool;
    private final ScheduledExecutorService watch;

    /**
     * Listens on {@code address} with {@code threads} worker threads, serving {@code handler}.
     *
     * @param headerTimeout how long a request's line and headers may take to arrive
     * @param sweep run every {@code tick} on the watch thread, with the header deadline
     * @throws BindException with a one-line message when the address is taken
     */
    HttpListener(InetSocketAddress address, int threads, Duration headerTimeout, Handler handler,
            Request.Handler errors, Runnable sweep) throws IOException {
        // Bounded in threads; the task queue is Jetty's own, unbounded (it holds short tasks, one per ready
        // connection, and Jetty advises against bounding it).
        pool = new QueuedThreadPool(threads, Math.min(threads, 4));
        pool.setName("peercensus-http");
        pool.setDaemon(true);
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setHttpCompliance(HttpCompliance.RFC9110);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(Math.max(IDLE.toMillis(), headerTimeout.toMillis()));
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(handler);
        server.setErrorHandler(errors);
        server.setStopTimeout(0);
        watch = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "peercensus-http-watch");
            t.setDaemon(true);
            return t;
        });
        try {
            server.start();
        } catch (IOException e) {
            close();
            Throwable bind = e instanceof BindException ? e : e.getCause();
            if (bind instanceof BindException) { // Jetty wraps the JDK's "Address already in use"
                String why = bind.getMessage() != null && bind.getMessage().contains("in use") && address.getPort() != 0
                        ? "the port is already in use" : bind.getMessage();
                throw new BindException("cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + why);
            }
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException("cannot start the HTTP server: " + e.getMessage(), e);
        }
        HeaderDeadline deadline = new HeaderDeadline(connector, headerTimeout);
        long tick = Math.max(20, Math.min(200, headerTimeout.toMillis() / 5));
        watch.scheduleWithFixedDelay(() -> {
            try {
                deadline.run();
                sweep.run();
            } catch (RuntimeException e) {
                // a connection that changed under the sweep; the next run sees it again (a throw would end the watch)
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** The address listened on, with the real port. */
    InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /** The worker threads, where feed writes are started. */
    Executor executor() {
        return pool;
    }

    /** Stops at once: closes every connection still open and the listening socket. */
    @Override
    public void close() {
        watch.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is going away or the caller is done with the server
        }
    }
}
