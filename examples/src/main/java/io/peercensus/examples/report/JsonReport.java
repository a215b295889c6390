package io.peercensus.examples.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.peercensus.examples.report.CrawlComparison.SoftwareChange;
import io.peercensus.examples.report.CrawlReport.Bucket;
import io.peercensus.examples.report.CrawlReport.Ranking;
import io.peercensus.examples.report.CrawlReport.Tally;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link CrawlReport} or a {@link CrawlComparison} as one pretty-printed JSON object (jackson-core), for
 * scripts. Strings are written as they are stored, escaped by JSON rules. Stateless and thread-safe.
 */
public final class JsonReport {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReport() {
    }

    /**
     * Writes {@code r} to {@code out} (not closed): {@code crawl}, {@code totals}, the rankings ({@code top},
     * {@code distinct}, {@code others}), {@code networkTypes}, {@code errors} and {@code neighbours}.
     */
    public static void write(CrawlReport r, Writer out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            crawl(g, "crawl", r.crawl());
            CrawlReport.Totals t = r.totals();
            g.writeObjectFieldStart("totals");
            g.writeNumberField("peers", t.peers());
            g.writeNumberField("reachable", t.reachable());
            g.writeNumberField("unreachable", t.unreachable());
            g.writeNumberField("discovered", t.discovered());
            g.writeNumberField("observations", t.observations());
            g.writeNumberField("edges", t.edges());
            g.writeEndObject();
            ranking(g, "software", r.software());
            ranking(g, "agentVersions", r.agentVersions());
            ranking(g, "protocolVersions", r.protocolVersions());
            ranking(g, "serviceFlags", r.serviceFlags());
            ranking(g, "protocols", r.protocols());
            tallies(g, "networkTypes", r.networkTypes());
            ranking(g, "ports", r.ports());
            tallies(g, "errors", r.errors());
            g.writeArrayFieldStart("neighbours");
            for (Bucket b : r.neighbours()) {
                g.writeStartObject();
                g.writeStringField("label", b.label());
                g.writeNumberField("from", b.from());
                if (b.to() >= 0) {
                    g.writeNumberField("to", b.to());
                }
                g.writeNumberField("count", b.count());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    /** Writes {@code c} to {@code out} (not closed): {@code before}, {@code after}, {@code appeared}, {@code disappeared}, {@code changed}. */
    public static void write(CrawlComparison c, Writer out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            crawl(g, "before", c.before());
            crawl(g, "after", c.after());
            g.writeStringField("present", "reachable");
            strings(g, "appeared", c.appeared());
            strings(g, "disappeared", c.disappeared());
            g.writeArrayFieldStart("changed");
            for (SoftwareChange s : c.changed()) {
                g.writeStartObject();
                g.writeStringField("peerID", s.peerID());
                software(g, "before", s.agentBefore(), s.versionBefore());
                software(g, "after", s.agentAfter(), s.versionAfter());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        return g;
    }

    private static void crawl(JsonGenerator g, String field, StoredCrawl c) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("id", c.crawlId());
        g.writeStringField("network", c.network().name());
        g.writeStringField("started", c.started().toString());
        if (c.isFinished()) {
            g.writeStringField("finished", c.finished().toString());
            g.writeStringField("stopReason", c.stopReason().name().toLowerCase(Locale.ROOT));
        } else {
            g.writeNullField("finished");
            g.writeNullField("stopReason");
        }
        g.writeEndObject();
    }

    private static void ranking(JsonGenerator g, String field, Ranking r) throws IOException {
        g.writeObjectFieldStart(field);
        tallies(g, "top", r.top());
        g.writeNumberField("distinct", r.distinct());
        g.writeNumberField("others", r.others());
        g.writeEndObject();
    }

    private static void tallies(JsonGenerator g, String field, List<Tally> tallies) throws IOException {
        g.writeArrayFieldStart(field);
        for (Tally t : tallies) {
            g.writeStartObject();
            g.writeStringField("name", t.name());
            g.writeNumberField("count", t.count());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void software(JsonGenerator g, String field, String agent, Integer version) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("agentVersion", agent);
        if (version == null) {
            g.writeNullField("version");
        } else {
            g.writeNumberField("version", version);
        }
        g.writeEndObject();
    }
}
