package io.peercensus.examples.serve;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Closes connections whose request line and headers have not all arrived within a deadline of their first byte:
 * the defence against slowloris clients, which keep a connection busy by sending a request a byte at a time (an idle
 * timeout alone never fires for them). Jetty reads headers without holding a thread, so such clients cost a socket
 * each until this closes them.
 *
 * <p>Relies on Jetty's HTTP/1.1 connection (the only protocol the service speaks) to tell where its parser is.
 *
 * <p>Thread-safe; {@link #run()} is meant for one scheduler thread. It reads the parser's state without Jetty's
 * locks: a stale read only delays a close to the next run.
 */
final class HeaderDeadline implements Runnable {
    private final AbstractConnector connector;
    private final long deadlineNanos;
    private final String message;

    HeaderDeadline(AbstractConnector connector, Duration deadline) {
        this.connector = connector;
        this.deadlineNanos = deadline.toNanos();
        this.message = "request headers not received within " + deadline.toMillis() + " ms";
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (endPoint.getConnection() instanceof HttpConnection http && late(http.getParser(), now)) {
                endPoint.close(new TimeoutException(message));
            }
        }
    }

    private boolean late(HttpParser parser, long now) {
        return parser.inHeaderState() && !parser.isState(HttpParser.State.START)
                && now - parser.getBeginNanoTime() > deadlineNanos;
    }
}
