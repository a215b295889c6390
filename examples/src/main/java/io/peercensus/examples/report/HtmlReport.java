package io.peercensus.examples.report;

import io.peercensus.examples.report.CrawlComparison.SoftwareChange;
import io.peercensus.examples.report.CrawlReport.Bucket;
import io.peercensus.examples.report.CrawlReport.Ranking;
import io.peercensus.examples.report.CrawlReport.Tally;
import io.peercensus.examples.report.SvgChart.Bar;
import io.peercensus.sink.StoredCrawl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link CrawlReport} or a {@link CrawlComparison} as one self-contained HTML page: the style sheet is
 * inline, the charts are inline SVG, and nothing is loaded from anywhere (no scripts, fonts, images or links), so the
 * file opens with no network access. The markup is well-formed XML as well as HTML. Totals carry
 * {@code data-total} attributes and chart bars {@code data-name}/{@code data-count}, for scripts and tests.
 *
 * <p>Stateless and thread-safe.
 */
public final class HtmlReport {
    private static final String STYLE = """
            :root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--card:#f5f7fa}
            body{margin:0;padding:24px 32px;color:var(--ink);background:#fff;
            font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0 0 8px}
            .meta{color:var(--muted);margin:0 0 20px}.meta code{font-size:13px}
            .cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:24px}
            .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:120px}
            .card .n{display:block;font-size:24px;font-weight:600}.card .k{color:var(--muted)}
            .card.reachable .n{color:#2f7d32}.card.unreachable .n{color:#c62828}.card.discovered .n{color:#7b6f66}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(640px,1fr));gap:20px}
            section.panel{border:1px solid var(--line);border-radius:8px;padding:14px 16px;overflow-x:auto}
            svg.chart{display:block;max-width:100%;height:auto}
            svg .label{font-size:12px;fill:var(--ink);text-anchor:end}svg .value{font-size:12px;fill:var(--muted)}
            svg .centred{text-anchor:middle}svg .empty{font-size:12px;fill:var(--muted)}
            svg .axis{stroke:#9aa5b1;stroke-width:1}
            .bar{fill:#4e79a7}.bar.reachable{fill:#59a14f}.bar.unreachable{fill:#e15759}.bar.discovered{fill:#bab0ac}
            .bar.error{fill:#e15759}.bar.nettype{fill:#76b7b2}.bar.agent{fill:#4e79a7}.bar.hist{fill:#f28e2b}
            table{border-collapse:collapse;width:100%}td,th{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;width:6em}
            td.id{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;word-break:break-all}
            .note{color:var(--muted);font-size:12px}footer{margin-top:24px;color:var(--muted);font-size:12px}
            """;

    private HtmlReport() {
    }

    /** The report as a complete HTML document. */
    public static String render(CrawlReport r) {
        Markup m = start("peercensus report: " + r.crawl().network() + " crawl " + r.crawl().crawlId());
        m.element("h1", "peercensus report: " + r.crawl().network().name());
        meta(m, r.crawl());
        CrawlReport.Totals t = r.totals();
        m.open("div", "class", "cards");
        card(m, "peers", "peers", t.peers());
        card(m, "reachable", "reachable", t.reachable());
        card(m, "unreachable", "unreachable", t.unreachable());
        card(m, "discovered", "discovered", t.discovered());
        card(m, "observations", "observations", t.observations());
        card(m, "edges", "edges", t.edges());
        m.close();
        m.open("div", "class", "grid");
        panel(m, "Status", "all peers");
        SvgChart.bars(m, "status", "peers by status", List.of(new Bar("reachable", t.reachable(), "reachable"),
                new Bar("unreachable", t.unreachable(), "unreachable"), new Bar("discovered", t.discovered(), "discovered")));
        m.close();
        rankingChart(m, "software", "Software", "reachable peers, by the user agent's first name", r.software());
        rankingChart(m, "agentVersions", "User agents", "reachable peers, whole agent string", r.agentVersions());
        panel(m, "Network types", "all peers");
        SvgChart.bars(m, "networkTypes", "peers by network type", tallyBars(r.networkTypes(), "nettype", true));
        m.close();
        panel(m, "Errors", "unreachable peers, by error class");
        SvgChart.bars(m, "errors", "unreachable peers by error class", tallyBars(r.errors(), "error", false));
        m.close();
        panel(m, "Neighbours returned", "peers asked for neighbours, by how many distinct peers they returned");
        List<Bar> buckets = new ArrayList<>();
        for (Bucket b : r.neighbours()) {
            buckets.add(new Bar(b.label(), b.count(), "hist"));
        }
        SvgChart.histogram(m, "neighbours", "neighbour-count histogram", buckets);
        m.close();
        switch (r.crawl().network().family()) {
            case BITCOIN -> {
                table(m, "protocolVersions", "Protocol versions", "reachable peers", r.protocolVersions());
                table(m, "serviceFlags", "Service flags", "reachable peers setting each flag", r.serviceFlags());
            }
            case LIBP2P -> table(m, "protocols", "Protocols", "reachable peers speaking each protocol", r.protocols());
        }
        table(m, "ports", "Ports", "all peers", r.ports());
        m.close();
        return finish(m);
    }

    /** The comparison as a complete HTML document: counts, then the three lists. */
    public static String render(CrawlComparison c) {
        Markup m = start("peercensus comparison: " + c.before().crawlId() + " / " + c.after().crawlId());
        m.element("h1", "peercensus comparison: " + c.after().network().name());
        m.open("p", "class", "meta").text("before ");
        crawlLine(m, c.before());
        m.empty("br").text("after ");
        crawlLine(m, c.after());
        m.empty("br").text("A peer is present when the crawl reached it; peers are matched by peerID.").close();
        m.open("div", "class", "cards");
        card(m, "appeared", "appeared", c.appeared().size());
        card(m, "disappeared", "disappeared", c.disappeared().size());
        card(m, "changed", "changed software", c.changed().size());
        m.close();
        m.open("div", "class", "grid");
        idList(m, "appeared", "Appeared", c.appeared());
        idList(m, "disappeared", "Disappeared", c.disappeared());
        panel(m, "Changed software", "reachable in both crawls");
        m.open("table", "data-list", "changed");
        m.open("tr").element("th", "peer").element("th", "before").element("th", "after").close();
        for (SoftwareChange s : c.changed()) {
            m.open("tr").element("td", s.peerID(), "class", "id")
                    .element("td", software(s.agentBefore(), s.versionBefore()))
                    .element("td", software(s.agentAfter(), s.versionAfter())).close();
        }
        m.close().close();
        m.close();
        return finish(m);
    }

    private static Markup start(String title) {
        Markup m = new Markup().trusted("<!DOCTYPE html>\n");
        m.open("html", "lang", "en").open("head");
        m.empty("meta", "charset", "utf-8");
        m.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        m.element("title", title);
        m.open("style").trusted(STYLE).close();
        m.close().open("body");
        return m;
    }

    private static String finish(Markup m) {
        m.element("footer", "Generated by peercensus. Self-contained: no scripts, fonts or images are loaded.");
        m.close().close();
        return m.toString() + "\n";
    }

    private static void meta(Markup m, StoredCrawl crawl) {
        m.open("p", "class", "meta");
        crawlLine(m, crawl);
        m.close();
    }

    private static void crawlLine(Markup m, StoredCrawl crawl) {
        m.text("crawl ").element("code", crawl.crawlId()).text(" of " + crawl.network().name() + ", started "
                + crawl.started());
        if (crawl.isFinished()) {
            m.text(", finished " + crawl.finished() + " (" + crawl.stopReason().name().toLowerCase(Locale.ROOT) + ")");
        } else {
            m.text(", not finished");
        }
    }

    private static void card(Markup m, String key, String label, long n) {
        m.open("div", "class", "card " + key);
        m.element("span", String.format(Locale.ROOT, "%,d", n), "class", "n", "data-total", key, "data-value", Long.toString(n));
        m.element("span", label, "class", "k");
        m.close();
    }

    private static void panel(Markup m, String title, String note) {
        m.open("section", "class", "panel");
        m.element("h2", title);
        m.element("p", note, "class", "note");
    }

    private static void rankingChart(Markup m, String key, String title, String note, Ranking r) {
        panel(m, title, note + rankingNote(r));
        List<Bar> bars = new ArrayList<>();
        r.top().forEach(t -> bars.add(new Bar(t.name(), t.count(), "agent")));
        if (r.others() > 0) {
            bars.add(new Bar("(others)", r.others(), "discovered"));
        }
        SvgChart.bars(m, key, title, bars);
        m.close();
    }

    private static String rankingNote(Ranking r) {
        return r.distinct() > r.top().size() ? "; top " + r.top().size() + " of " + r.distinct() : "";
    }

    private static List<Bar> tallyBars(List<Tally> tallies, String style, boolean networkTypes) {
        List<Bar> bars = new ArrayList<>();
        for (Tally t : tallies) {
            bars.add(new Bar(networkTypes ? NetworkType.ofKey(t.name()).label() : t.name(), t.count(), style));
        }
        return bars;
    }

    private static void table(Markup m, String key, String title, String note, Ranking r) {
        panel(m, title, note + rankingNote(r));
        m.open("table", "data-list", key);
        m.open("tr").element("th", "value").element("th", "peers", "class", "n").close();
        for (Tally t : r.top()) {
            m.open("tr").element("td", t.name()).element("td", String.format(Locale.ROOT, "%,d", t.count()), "class", "n").close();
        }
        if (r.others() > 0) {
            m.open("tr").element("td", "(others)").element("td", String.format(Locale.ROOT, "%,d", r.others()), "class", "n").close();
        }
        if (r.top().isEmpty()) {
            m.open("tr").element("td", "none").element("td", "0", "class", "n").close();
        }
        m.close().close();
    }

    private static void idList(Markup m, String key, String title, List<String> ids) {
        panel(m, title + " (" + ids.size() + ")", "peer IDs, sorted");
        m.open("table", "data-list", key);
        for (String id : ids) {
            m.open("tr").element("td", id, "class", "id").close();
        }
        m.close().close();
    }

    private static String software(String agent, Integer version) {
        return agent + (version == null ? "" : " (version " + version + ")");
    }
}
