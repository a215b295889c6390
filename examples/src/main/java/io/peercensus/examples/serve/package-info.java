/**
 * The scrape service behind {@code peercensus serve}: monitor-mode crawls served over HTTP/1.1 by Jetty's NIO
 * server — a live NDJSON feed of observations ({@code GET /peers}) that never slows the crawl, the stored crawls,
 * statistics, Prometheus metrics and a self-contained dashboard. Start with {@link io.peercensus.examples.serve.ScrapeService}.
 */
package io.peercensus.examples.serve;
