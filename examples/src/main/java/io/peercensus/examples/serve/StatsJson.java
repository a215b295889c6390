package io.peercensus.examples.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import io.peercensus.CrawlProgress;
import io.peercensus.ErrorClass;
import io.peercensus.PeerStatus;
import io.peercensus.sink.PeerJson;
import io.peercensus.sink.StoredCrawl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON bodies of {@code GET /stats} and {@code GET /crawls}, written with jackson-core through
 * {@link PeerJson#factory()} (so text is escaped as in the feed). Stateless and thread-safe.
 */
final class StatsJson {
    private StatsJson() {
    }

    /** The feed's side of {@code /stats}. */
    record FeedCounts(int subscribers, long droppedSubscribers, long servedSubscribers, long published, int buffer) {
    }

    /**
     * {@code /stats}: {@code {"now", "feed": {...}, "networks": [{"network", "latest": {...} | null, "totals": {...},
     * "history": [...]}]}}. "latest" is the crawl running now, or the last one until the next starts.
     */
    static byte[] stats(Instant now, FeedCounts feed, List<NetworkStats.Snapshot> networks) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("now", now.toString());
            g.writeObjectFieldStart("feed");
            g.writeNumberField("subscribers", feed.subscribers());
            g.writeNumberField("droppedSubscribers", feed.droppedSubscribers());
            g.writeNumberField("servedSubscribers", feed.servedSubscribers());
            g.writeNumberField("published", feed.published());
            g.writeNumberField("bufferLines", feed.buffer());
            g.writeEndObject();
            g.writeArrayFieldStart("networks");
            for (NetworkStats.Snapshot s : networks) {
                network(g, s, now);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void network(JsonGenerator g, NetworkStats.Snapshot s, Instant now) throws IOException {
        g.writeStartObject();
        g.writeStringField("network", s.network().name());
        if (s.crawl() == null) {
            g.writeNullField("latest");
        } else {
            g.writeObjectFieldStart("latest");
            g.writeStringField("crawlId", s.crawl().crawlId());
            g.writeStringField("started", s.crawl().started().toString());
            nullableString(g, "finished", s.finished() == null ? null : s.finished().toString());
            g.writeBooleanField("running", s.running());
            nullableString(g, "stopReason", s.stopReason() == null ? null : s.stopReason().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("elapsedSeconds", NetworkStats.elapsed(s, now).toMillis() / 1000.0);
            counts(g, s.counts());
            CrawlProgress p = s.progress();
            g.writeNumberField("found", p == null ? s.counts()[0] + s.counts()[1] + s.counts()[2] : Math.max(p.found(),
                    s.counts()[0] + s.counts()[1] + s.counts()[2]));
            g.writeNumberField("inFlight", s.running() && p != null ? p.inFlight() : 0);
            g.writeNumberField("queued", s.running() && p != null ? p.queued() : 0);
            errors(g, s.errors());
            g.writeArrayFieldStart("agents");
            for (NetworkStats.AgentCount a : s.topAgents()) {
                g.writeStartObject();
                g.writeStringField("agentVersion", a.agentVersion());
                g.writeNumberField("count", a.count());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("addressTypes");
            for (AddressKind k : AddressKind.values()) {
                g.writeNumberField(k.jsonName(), s.kinds().getOrDefault(k, 0L));
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeObjectFieldStart("totals");
        g.writeNumberField("crawls", s.crawlsFinished());
        g.writeNumberField("failedCrawls", s.crawlsFailed());
        nullableString(g, "lastFailure", s.lastFailure());
        counts(g, s.totals());
        errors(g, s.totalErrors());
        g.writeEndObject();
        g.writeArrayFieldStart("history");
        for (NetworkStats.Sample h : s.history()) {
            g.writeStartObject();
            g.writeStringField("at", h.at().toString());
            g.writeStringField("crawlId", h.crawlId());
            g.writeNumberField("reachable", h.reachable());
            g.writeNumberField("unreachable", h.unreachable());
            g.writeNumberField("discovered", h.discovered());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, long[] counts) throws IOException {
        long all = 0;
        for (PeerStatus status : PeerStatus.values()) {
            g.writeNumberField(status.jsonName(), counts[status.ordinal()]);
            all += counts[status.ordinal()];
        }
        g.writeNumberField("observations", all);
    }

    private static void errors(JsonGenerator g, Map<ErrorClass, Long> errors) throws IOException {
        g.writeObjectFieldStart("errors");
        for (ErrorClass c : ErrorClass.values()) {
            g.writeNumberField(c.label(), errors.getOrDefault(c, 0L));
        }
        g.writeEndObject();
    }

    /** {@code /crawls}: a list of {@code {"id", "network", "started", "finished", "stopReason", "counts": {...}}}. */
    static byte[] crawls(List<StoredCrawl> crawls) {
        return write(g -> {
            g.writeStartArray();
            for (StoredCrawl c : crawls) {
                g.writeStartObject();
                g.writeStringField("id", c.crawlId());
                g.writeStringField("network", c.network().name());
                g.writeStringField("started", c.started().toString());
                nullableString(g, "finished", c.finished() == null ? null : c.finished().toString());
                nullableString(g, "stopReason", c.stopReason() == null ? null : c.stopReason().name().toLowerCase(Locale.ROOT));
                g.writeObjectFieldStart("counts");
                counts(g, new long[] {c.reachable(), c.unreachable(), c.discovered()});
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** {@code {"error": message}}. */
    static byte[] error(String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    private static void nullableString(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = PeerJson.factory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
