package io.peercensus.examples.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
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
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The HTTP routes of the scrape service: {@code /}, {@code /assets/*}, {@code /peers}, {@code /crawls},
 * {@code /crawls/{id}/peers}, {@code /stats}, {@code /metrics}. GET (and HEAD for the static ones) only.
 *
 * <p>Thread-safe: the server runs each exchange on its own thread; a {@code /peers} exchange keeps its thread for
 * as long as the client follows the feed.
 */
final class Routes implements HttpHandler {
    private static final String ASSETS = "/io/peercensus/examples/serve/";
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");
    private static final Pattern CRAWL_PEERS = Pattern.compile("/crawls/([0-9A-Za-z._-]{1,100})/peers");
    private static final String NDJSON = "application/x-ndjson";
    private static final String JSON = "application/json; charset=utf-8";

    private final ScrapeService service;
    private final Map<String, byte[]> assets = new HashMap<>();

    Routes(ScrapeService service) {
        this.service = service;
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
    public void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (IOException | UncheckedIOException e) {
            // the client went away, or a store failed mid-answer: nothing more can be said on this exchange
        } catch (RuntimeException e) {
            try {
                send(ex, 500, JSON, StatsJson.error("internal error: " + e), false);
            } catch (IOException | RuntimeException alreadyAnswering) {
                // the headers were sent already; closing is all that is left
            }
        } finally {
            try {
                ex.close();
            } catch (RuntimeException closing) {
                // a connection closed under a dropped subscriber cannot write the chunked end; that is the point
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        boolean head = method.equals("HEAD");
        if (!method.equals("GET") && !head) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            send(ex, 405, JSON, StatsJson.error("method " + method + " not allowed; use GET"), false);
            return;
        }
        Map<String, String> query;
        try {
            query = query(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            send(ex, 400, JSON, StatsJson.error(e.getMessage()), head);
            return;
        }
        Matcher crawlPeers = CRAWL_PEERS.matcher(path);
        if (path.equals("/") || path.equals("/index.html")) {
            asset(ex, "index.html", head);
        } else if (path.startsWith("/assets/") && assets.containsKey(path.substring(8))) {
            asset(ex, path.substring(8), head);
        } else if (path.equals("/peers")) {
            feed(ex, query);
        } else if (path.equals("/crawls")) {
            send(ex, 200, JSON, StatsJson.crawls(service.crawls()), head);
        } else if (crawlPeers.matches()) {
            storedPeers(ex, crawlPeers.group(1), head);
        } else if (path.equals("/stats")) {
            send(ex, 200, JSON, service.statsJson(), head);
        } else if (path.equals("/metrics")) {
            send(ex, 200, MetricsText.CONTENT_TYPE, service.metricsText(), head);
        } else {
            send(ex, 404, JSON, StatsJson.error("no such resource: " + path
                    + " (try /, /peers, /crawls, /crawls/{id}/peers, /stats, /metrics)"), head);
        }
    }

    private void asset(HttpExchange ex, String name, boolean head) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'");
        h.set("X-Content-Type-Options", "nosniff");
        send(ex, 200, ASSET_TYPES.get(name), assets.get(name), head);
    }

    /** {@code GET /peers[?network=..][&status=..][&recent=N]}: the live NDJSON feed. */
    private void feed(HttpExchange ex, Map<String, String> query) throws IOException {
        String network = query.get("network");
        PeerStatus status = null;
        int recent = 0;
        try {
            unknownKeys(query, Set.of("network", "status", "recent"));
            if (network != null && service.networks().stream().map(Network::name).noneMatch(network::equals)) {
                throw new IllegalArgumentException("network '" + network + "' is not crawled here (crawling "
                        + String.join(", ", service.networks().stream().map(Network::name).toList()) + ")");
            }
            if (query.containsKey("status")) {
                status = PeerStatus.ofJsonName(query.get("status"));
            }
            if (query.containsKey("recent")) {
                recent = recentCount(query.get("recent"));
            }
        } catch (IllegalArgumentException e) {
            send(ex, 400, JSON, StatsJson.error(e.getMessage()), false);
            return;
        }
        FeedBroadcast feed = service.feed();
        if (feed.subscribers() >= service.maxSubscribers()) {
            send(ex, 503, JSON, StatsJson.error("too many feed clients (" + service.maxSubscribers() + "); try later"), false);
            return;
        }
        FeedSubscriber subscriber = feed.subscribe(network, status, recent, Thread.currentThread());
        if (subscriber == null) {
            send(ex, 503, JSON, StatsJson.error("the service is shutting down"), false);
            return;
        }
        try {
            noCache(ex, NDJSON);
            ex.sendResponseHeaders(200, 0); // chunked: one chunk per flush
            OutputStream body = ex.getResponseBody();
            subscriber.pump(body);
        } finally {
            feed.unsubscribe(subscriber);
        }
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
    private void storedPeers(HttpExchange ex, String crawlId, boolean head) throws IOException {
        if (!service.hasStore()) {
            send(ex, 404, JSON, StatsJson.error("no database: start serve with --db FILE (or --jdbc URL) to keep crawls"), head);
            return;
        }
        try (CrawlStore store = service.openStore()) {
            if (store.crawl(crawlId).isEmpty()) {
                send(ex, 404, JSON, StatsJson.error("no crawl " + crawlId + " in the database"), head);
                return;
            }
            noCache(ex, NDJSON);
            if (head) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, 0);
            try (Stream<Peer> peers = store.observations(crawlId);
                    NdjsonSink out = NdjsonSink.to(ex.getResponseBody())) {
                for (Iterator<Peer> it = peers.iterator(); it.hasNext(); ) {
                    out.accept(it.next());
                }
            }
        }
    }

    private static void noCache(HttpExchange ex, String type) {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean head) throws IOException {
        noCache(ex, type);
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
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
