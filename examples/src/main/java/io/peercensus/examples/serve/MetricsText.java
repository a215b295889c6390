package io.peercensus.examples.serve;

import io.peercensus.ErrorClass;
import io.peercensus.PeerStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /metrics}: the Prometheus text exposition format, version 0.0.4. Each family has one {@code # HELP}
 * and one {@code # TYPE} line followed by all of its samples; label values are escaped as the format says
 * (backslash, double quote, line feed). Stateless and thread-safe.
 */
final class MetricsText {
    /** The content type Prometheus expects for this format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    private MetricsText() {
    }

    /** The exposition of {@code networks} and the feed. */
    static byte[] render(List<NetworkStats.Snapshot> networks, StatsJson.FeedCounts feed) {
        MetricsText m = new MetricsText();
        m.family("peercensus_observations_total", "counter", "Observations made by every crawl of this process, by status.");
        for (NetworkStats.Snapshot s : networks) {
            for (PeerStatus status : PeerStatus.values()) {
                m.sample("peercensus_observations_total", s.total(status), "network", s.network().name(), "status", status.jsonName());
            }
        }
        m.family("peercensus_unreachable_total", "counter", "Unreachable observations by error class.");
        for (NetworkStats.Snapshot s : networks) {
            for (ErrorClass c : ErrorClass.values()) {
                m.sample("peercensus_unreachable_total", s.totalErrors().getOrDefault(c, 0L), "network", s.network().name(), "class", c.label());
            }
        }
        m.family("peercensus_crawl_peers", "gauge", "Observations of the latest crawl (running, or the last one) by status.");
        for (NetworkStats.Snapshot s : networks) {
            for (PeerStatus status : PeerStatus.values()) {
                m.sample("peercensus_crawl_peers", s.count(status), "network", s.network().name(), "status", status.jsonName());
            }
        }
        m.family("peercensus_crawl_running", "gauge", "1 while a crawl of the network runs.");
        for (NetworkStats.Snapshot s : networks) {
            m.sample("peercensus_crawl_running", s.running() ? 1 : 0, "network", s.network().name());
        }
        m.family("peercensus_crawl_in_flight", "gauge", "Conversations under way in the running crawl.");
        for (NetworkStats.Snapshot s : networks) {
            m.sample("peercensus_crawl_in_flight", s.running() && s.progress() != null ? s.progress().inFlight() : 0, "network", s.network().name());
        }
        m.family("peercensus_crawls_total", "counter", "Crawls that ended.");
        for (NetworkStats.Snapshot s : networks) {
            m.sample("peercensus_crawls_total", s.crawlsFinished(), "network", s.network().name());
        }
        m.family("peercensus_crawl_failures_total", "counter", "Crawls that failed or could not start.");
        for (NetworkStats.Snapshot s : networks) {
            m.sample("peercensus_crawl_failures_total", s.crawlsFailed(), "network", s.network().name());
        }
        m.family("peercensus_crawl_duration_seconds", "histogram", "Durations of the crawls that ended.");
        for (NetworkStats.Snapshot s : networks) {
            String n = s.network().name();
            for (int i = 0; i < NetworkStats.DURATION_BUCKETS.length; i++) {
                m.sample("peercensus_crawl_duration_seconds_bucket", s.durationBuckets()[i], "network", n, "le",
                        number(NetworkStats.DURATION_BUCKETS[i]));
            }
            m.sample("peercensus_crawl_duration_seconds_bucket", s.crawlsFinished(), "network", n, "le", "+Inf");
            m.sample("peercensus_crawl_duration_seconds_sum", s.durationSum(), "network", n);
            m.sample("peercensus_crawl_duration_seconds_count", s.crawlsFinished(), "network", n);
        }
        m.family("peercensus_last_crawl_duration_seconds", "gauge", "Duration of the last crawl that ended (NaN before one has).");
        for (NetworkStats.Snapshot s : networks) {
            m.sample("peercensus_last_crawl_duration_seconds", s.lastDuration(), "network", s.network().name());
        }
        m.family("peercensus_feed_subscribers", "gauge", "Clients following GET /peers now.");
        m.sample("peercensus_feed_subscribers", feed.subscribers());
        m.family("peercensus_feed_subscribers_total", "counter", "Clients that ever followed GET /peers.");
        m.sample("peercensus_feed_subscribers_total", feed.servedSubscribers());
        m.family("peercensus_feed_dropped_subscribers_total", "counter", "Clients of GET /peers disconnected for reading too slowly.");
        m.sample("peercensus_feed_dropped_subscribers_total", feed.droppedSubscribers());
        m.family("peercensus_feed_published_total", "counter", "Observations published to the feed.");
        m.sample("peercensus_feed_published_total", feed.published());
        return m.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    /** A sample value as the format writes it: integers without a fraction, {@code NaN}, {@code +Inf}, {@code -Inf}. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
