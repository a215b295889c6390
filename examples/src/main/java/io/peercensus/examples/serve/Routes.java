package io.peercensus.examples.serve;

import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.NdjsonSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP routes of the scrape service: {@code /}, {@code /assets/*}, {@code /peers}, {@code /crawls},
 * {@code /crawls/{id}/peers}, {@code /stats}, {@code /metrics}. GET and HEAD only. With a {@link BearerToken}, every
 * route but {@code /metrics} needs it; {@code /?token=TOKEN} sets it as a cookie for the dashboard.
 *
 * <p>Thread-safe: the server runs each exchange on a worker thread; a {@code /peers} exchange gives its thread back
 * at once and is written asynchronously ({@link FeedSubscriber}), a stored crawl's observations keep one while they
 * are written (at most {@link ScrapeService#storedStreams()} at once).
 */
final class Routes extends Handler.Abstract {
    private static final String ASSETS = "/io/peercensus/examples/serve/";
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");
    private static final Pattern CRAWL_PEERS = Pattern.compile("/crawls/([0-9A-Za-z._-]{1,100})/peers");
    private static final String NDJSON = "application/x-ndjson";
    private static final String JSON = "application/json; charset=utf-8";
    /** Seconds a client refused with 503 is asked to wait. */
    static final String RETRY_AFTER = "5";

    private final ScrapeService service;
    private final BearerToken token;
    private final Map<String, byte[]> assets = new HashMap<>();

    /** The routes of {@code service}; {@code token} is required when not {@code null}. */
    Routes(ScrapeService service, BearerToken token) {
        this.service = service;
        this.token = token;
        for (String name : ASSET_TYPES.keySet()) {
            try (InputStream in = Routes.class.getResourceAsStream(ASSETS + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard asset " + ASSETS + name + " is missing from the jar");
                }
                assets.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard asset " + name, e);
            }
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (IOException | RuntimeException e) {
            if (response.isCommitted()) {
                callback.failed(e); // the client went away, or a store failed mid-answer: the connection is cut
            } else {
                response.reset();
                send(response, callback, 500, JSON, StatsJson.error("internal error: " + e), false);
            }
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) throws IOException {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        boolean head = method.equals("HEAD");
        if (!method.equals("GET") && !head) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            send(response, callback, 405, JSON, StatsJson.error("method " + method + " not allowed; use GET"), false);
            return;
        }
        Map<String, String> query;
        try {
            query = query(request.getHttpURI().getQuery());
        } catch (IllegalArgumentException e) {
            send(response, callback, 400, JSON, StatsJson.error(e.getMessage()), head);
            return;
        }
        boolean page = path.equals("/") || path.equals("/index.html");
        if (token != null && !path.equals("/metrics") && !authorized(request, response, callback, page, query, head)) {
            return;
        }
        Matcher crawlPeers = CRAWL_PEERS.matcher(path);
        if (page) {
            asset(response, callback, "index.html", head);
        } else if (path.startsWith("/assets/") && assets.containsKey(path.substring(8))) {
            asset(response, callback, path.substring(8), head);
        } else if (path.equals("/peers")) {
            feed(request, response, callback, query, head);
        } else if (path.equals("/crawls")) {
            send(response, callback, 200, JSON, StatsJson.crawls(service.crawls()), head);
        } else if (crawlPeers.matches()) {
            storedPeers(response, callback, crawlPeers.group(1), head);
        } else if (path.equals("/stats")) {
            send(response, callback, 200, JSON, service.statsJson(), head);
        } else if (path.equals("/metrics")) {
            send(response, callback, 200, MetricsText.CONTENT_TYPE, service.metricsText(), head);
        } else {
            send(response, callback, 404, JSON, StatsJson.error("no such resource: " + path
                    + " (try /, /peers, /crawls, /crawls/{id}/peers, /stats, /metrics)"), head);
        }
    }

    /**
     * Whether the request carries the token; otherwise answers it. {@code /?token=TOKEN} with the right token is
     * answered with the token as a cookie and a redirect to {@code /}, so the token leaves the address bar.
     */
    private boolean authorized(Request request, Response response, Callback callback, boolean page,
            Map<String, String> query, boolean head) {
        if (page && query.containsKey("token") && token.matches(query.get("token"))) {
            response.setStatus(303);
            response.getHeaders().put(HttpHeader.LOCATION, "/");
            response.getHeaders().put(HttpHeader.SET_COOKIE, BearerToken.COOKIE + "=" + query.get("token")
                    + "; Path=/; HttpOnly; SameSite=Strict");
            send(response, callback, 303, JSON, StatsJson.error("token accepted; go to /"), head);
            return false;
        }
        if (token.admits(request)) {
            return true;
        }
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"peercensus\"");
        send(response, callback, 401, JSON, StatsJson.error("this service needs its token: send 'Authorization: Bearer"
                + " TOKEN', or open /?token=TOKEN in a browser"), head);
        return false;
    }

    private void asset(Response response, Callback callback, String name, boolean head) {
        response.getHeaders().put("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self';"
                + " script-src 'self'; connect-src 'self'");
        send(response, callback, 200, ASSET_TYPES.get(name), assets.get(name), head);
    }

    /**
     * {@code GET /peers[?network=..][&status=..][&recent=N]}: the live NDJSON feed, chunked, so a clean end is the
     * last chunk. Bytes a client sends after its request are read and ignored while the feed runs (that is how a
     * closed connection is noticed), so pipelining a request behind it is not supported. {@code HEAD /peers}
     * answers the same headers and takes no slot.
     */
    private void feed(Request request, Response response, Callback callback, Map<String, String> query, boolean head) {
        FeedRequest wanted;
        try {
            wanted = feedRequest(query);
        } catch (IllegalArgumentException e) {
            send(response, callback, 400, JSON, StatsJson.error(e.getMessage()), head);
            return;
        }
        FeedBroadcast feed = service.feed();
        if (head) {
            if (feed.subscribers() >= service.maxSubscribers()) {
                full(response, callback, true);
            } else {
                response.setStatus(200);
                feedHeaders(response);
                response.write(true, null, callback);
            }
            return;
        }
        response.setStatus(200);
        feedHeaders(response);
        // An idle feed is not a dead one: a client that stops reading is cut when a write stalls, one that closes
        // its connection is noticed by the sweep.
        request.addIdleTimeoutListener(timeout -> false);
        FeedBroadcast.Subscription s = feed.subscribe(wanted, service.maxSubscribers(),
                new FeedClient(response, callback, request.getConnectionMetaData().getConnection().getEndPoint(),
                        service.executor()));
        if (s.refusal() == FeedBroadcast.Refusal.FULL) {
            response.reset();
            full(response, callback, false);
        } else if (s.refusal() == FeedBroadcast.Refusal.CLOSED) {
            response.reset();
            response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER);
            send(response, callback, 503, JSON, StatsJson.error("the service is shutting down"), false);
        }
    }

    private void full(Response response, Callback callback, boolean head) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER);
        send(response, callback, 503, JSON, StatsJson.error("too many feed clients (" + service.maxSubscribers()
                + "); try later"), head);
    }

    private static void feedHeaders(Response response) {
        noCache(response, NDJSON); // no Connection: close, with which Jetty would end the body by closing, unchunked
    }

    private FeedRequest feedRequest(Map<String, String> query) {
        unknownKeys(query, Set.of("network", "status", "recent"));
        String network = query.get("network");
        if (network != null && service.networks().stream().map(Network::name).noneMatch(network::equals)) {
            throw new IllegalArgumentException("network '" + network + "' is not crawled here (crawling "
                    + String.join(", ", service.networks().stream().map(Network::name).toList()) + ")");
        }
        PeerStatus status = query.containsKey("status") ? PeerStatus.ofJsonName(query.get("status")) : null;
        int recent = query.containsKey("recent") ? recentCount(query.get("recent")) : 0;
        return new FeedRequest(network, status, recent);
    }

    private static int recentCount(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= FeedBroadcast.RECENT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("recent must be a number from 0 to " + FeedBroadcast.RECENT + ", got '" + text + "'");
    }

    /** {@code GET /crawls/{id}/peers}: a stored crawl's observations, in order, from the database. */
    private void storedPeers(Response response, Callback callback, String crawlId, boolean head) throws IOException {
        if (!service.hasStore()) {
            send(response, callback, 404, JSON, StatsJson.error("no database: start serve with --db FILE (or --jdbc URL)"
                    + " to keep crawls"), head);
            return;
        }
        if (!service.storedStreams().tryAcquire()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER);
            send(response, callback, 503, JSON, StatsJson.error("too many stored crawls being read at once; try later"), head);
            return;
        }
        try (CrawlStore store = service.openStore()) {
            if (store.crawl(crawlId).isEmpty()) {
                send(response, callback, 404, JSON, StatsJson.error("no crawl " + crawlId + " in the database"), head);
                return;
            }
            response.setStatus(200);
            noCache(response, NDJSON);
            if (head) {
                response.write(true, null, callback);
                return;
            }
            try (OutputStream body = Content.Sink.asOutputStream(response)) {
                try (Stream<Peer> peers = store.observations(crawlId); NdjsonSink out = NdjsonSink.to(body)) {
                    for (Iterator<Peer> it = peers.iterator(); it.hasNext(); ) {
                        out.accept(it.next());
                    }
                }
            } // closing the body writes its last chunk
            callback.succeeded();
        } finally {
            service.storedStreams().release();
        }
    }

    private static void noCache(Response response, String type) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
    }

    /** Answers with {@code body} (only its length for HEAD) and completes the exchange. */
    static void send(Response response, Callback callback, int status, String type, byte[] body, boolean head) {
        response.setStatus(status);
        noCache(response, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    private static void unknownKeys(Map<String, String> query, Set<String> known) {
        for (String key : query.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown query parameter '" + key + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }

    /** Parses {@code a=1&b=2}; a key given twice is refused. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        if (raw.length() > 2000) {
            throw new IllegalArgumentException("query too long: " + raw.length() + " characters, at most 2000");
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(key, value) != null) {
                throw new IllegalArgumentException("query parameter '" + key + "' given twice");
            }
        }
        return out;
    }
}
