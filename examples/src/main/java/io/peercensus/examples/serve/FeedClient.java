package io.peercensus.examples.serve;

import java.util.concurrent.Executor;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The connection of one {@code GET /peers} exchange, as the server handed it over.
 *
 * @param response where the feed is written
 * @param done completed once the exchange is over (succeeded after the last chunk, failed when the feed was cut)
 * @param endPoint the client's connection, to notice when it closes and to cut it
 * @param executor where writes are started, off the publisher's thread
 */
record FeedClient(Response response, Callback done, EndPoint endPoint, Executor executor) {
}
