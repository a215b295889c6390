package io.peercensus.examples.report;

import io.peercensus.examples.report.CrawlReport.Bucket;
import io.peercensus.examples.report.CrawlReport.Ranking;
import io.peercensus.examples.report.CrawlReport.Tally;
import io.peercensus.examples.report.CrawlComparison.SoftwareChange;
import io.peercensus.sink.StoredCrawl;
import java.util.List;
import java.util.Locale;

/** Renders a {@link CrawlReport} or a {@link CrawlComparison} as plain text for a terminal. Stateless and thread-safe. */
public final class TextReport {
    private static final int WIDTH = 72;

    private TextReport() {
    }

    /** The report as text, one section per property. */
    public static String render(CrawlReport r) {
        StringBuilder b = new StringBuilder();
        header(b, r.crawl());
        CrawlReport.Totals t = r.totals();
        b.append('\n');
        line(b, "peers", t.peers(), null);
        line(b, "  reachable", t.reachable(), percent(t.reachable(), t.peers()));
        line(b, "  unreachable", t.unreachable(), percent(t.unreachable(), t.peers()));
        line(b, "  discovered", t.discovered(), percent(t.discovered(), t.peers()));
        line(b, "observations", t.observations(), null);
        line(b, "edges", t.edges(), null);
        ranking(b, "software (reachable peers)", r.software());
        ranking(b, "user agents (reachable peers)", r.agentVersions());
        switch (r.crawl().network().family()) {
            case BITCOIN -> {
                ranking(b, "protocol versions (reachable peers)", r.protocolVersions());
                ranking(b, "service flags (reachable peers)", r.serviceFlags());
            }
            case LIBP2P -> ranking(b, "protocols (reachable peers)", r.protocols());
        }
        b.append("\nnetwork types (all peers)\n");
        for (Tally tally : r.networkTypes()) {
            row(b, tally.count(), NetworkType.ofKey(tally.name()).label());
        }
        ranking(b, "ports (all peers)", r.ports());
        b.append("\nerrors (unreachable peers)\n");
        for (Tally tally : r.errors()) {
            row(b, tally.count(), tally.name());
        }
        b.append("\nneighbours returned (peers asked)\n");
        for (Bucket bucket : r.neighbours()) {
            row(b, bucket.count(), bucket.label());
        }
        return b.toString();
    }

    /** The comparison as text: who appeared, who disappeared, whose software changed. */
    public static String render(CrawlComparison c) {
        StringBuilder b = new StringBuilder();
        b.append("before: ");
        header(b, c.before());
        b.append("after:  ");
        header(b, c.after());
        b.append("\npresent means reachable; peers matched by peerID\n");
        list(b, "appeared", c.appeared());
        list(b, "disappeared", c.disappeared());
        b.append('\n').append("changed software (").append(c.changed().size()).append(")\n");
        for (SoftwareChange s : c.changed()) {
            b.append("  ").append(PrintableText.of(s.peerID())).append("\n    ")
                    .append(software(s.agentBefore(), s.versionBefore())).append("\n -> ")
                    .append(software(s.agentAfter(), s.versionAfter())).append('\n');
        }
        return b.toString();
    }

    private static String software(String agent, Integer version) {
        return "\"" + PrintableText.of(agent) + "\"" + (version == null ? "" : " version " + version);
    }

    private static void header(StringBuilder b, StoredCrawl crawl) {
        b.append("crawl ").append(crawl.crawlId()).append(" of ").append(crawl.network().name())
                .append(", started ").append(crawl.started());
        if (crawl.isFinished()) {
            b.append(", finished ").append(crawl.finished()).append(" (")
                    .append(crawl.stopReason().name().toLowerCase(Locale.ROOT)).append(')');
        } else {
            b.append(", not finished");
        }
        b.append('\n');
    }

    private static void list(StringBuilder b, String title, List<String> peers) {
        b.append('\n').append(title).append(" (").append(peers.size()).append(")\n");
        for (String p : peers) {
            b.append("  ").append(PrintableText.of(p)).append('\n');
        }
    }

    private static void ranking(StringBuilder b, String title, Ranking ranking) {
        b.append('\n').append(title);
        if (ranking.distinct() > ranking.top().size()) {
            b.append(", top ").append(ranking.top().size()).append(" of ").append(ranking.distinct());
        }
        b.append('\n');
        if (ranking.top().isEmpty()) {
            b.append("  (none)\n");
        }
        for (Tally t : ranking.top()) {
            row(b, t.count(), t.name());
        }
        if (ranking.others() > 0) {
            row(b, ranking.others(), "(others)");
        }
    }

    private static void row(StringBuilder b, long count, String name) {
        b.append(String.format(Locale.ROOT, "%10d  ", count)).append(PrintableText.shortened(name, WIDTH - 12)).append('\n');
    }

    private static void line(StringBuilder b, String name, long count, String note) {
        b.append(String.format(Locale.ROOT, "%-14s%10d", name, count));
        if (note != null) {
            b.append("  ").append(note);
        }
        b.append('\n');
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%5.1f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }
}
