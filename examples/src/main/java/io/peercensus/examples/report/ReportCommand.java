package io.peercensus.examples.report;

import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peercensus report}: a report of one stored crawl, or the comparison of two. Bad arguments (a missing
 * database, an unknown crawl id, options that do not go together) are an {@link IllegalArgumentException}, which
 * the command line turns into one line and exit status 2. Not thread-safe.
 */
@Command(name = "report", description = {
        "Report on a crawl stored in a SQLite database: peers by status, software, protocol versions and service"
                + " flags (Bitcoin), protocols (libp2p), network types, ports, errors and neighbour counts.",
        "With --compare, list the peers that appeared, disappeared or changed software between two crawls"
                + " (a peer is present when the crawl reached it; peers are matched by peerID)."})
public final class ReportCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--db", paramLabel = "FILE", required = true, description = "The SQLite database a crawl was stored in.")
    Path db;

    @Option(names = "--crawl", paramLabel = "ID", description = "The crawl to report on (default: the latest).")
    String crawl;

    @Option(names = "--compare", arity = "2", paramLabel = "ID",
            description = "Compare two crawls, the earlier first: appeared, disappeared, changed software.")
    List<String> compare;

    @Option(names = "--list", description = "List the stored crawls and exit.")
    boolean list;

    @Option(names = "--format", paramLabel = "FORMAT", converter = ReportFormat.Converter.class,
            description = "text, json or html (default: text). html is one self-contained file with SVG charts.")
    ReportFormat format = ReportFormat.TEXT;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    @Option(names = "--top", paramLabel = "N", description = "Entries in each ranking (default: ${DEFAULT-VALUE}).")
    int top = CrawlReport.DEFAULT_TOP;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (compare != null && crawl != null) {
            throw new IllegalArgumentException("--crawl and --compare do not go together: --compare names both crawls");
        }
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, got " + top);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        try (CrawlDatabase database = CrawlDatabase.open(db)) {
            if (list) {
                Destination.write(out, stdout, w -> list(database.crawls(), w, Instant.now()));
            } else if (compare != null) {
                CrawlComparison c = CrawlComparison.compute(database.store(), database.crawl(compare.get(0)),
                        database.crawl(compare.get(1)));
                Destination.write(out, stdout, w -> render(c, w));
            } else {
                CrawlReport r = CrawlReport.compute(database.store(), database.crawl(crawl), top);
                Destination.write(out, stdout, w -> render(r, w));
            }
        }
        return 0;
    }

    private void render(CrawlReport r, Writer w) throws IOException {
        switch (format) {
            case TEXT -> w.write(TextReport.render(r));
            case JSON -> JsonReport.write(r, w);
            case HTML -> w.write(HtmlReport.render(r));
        }
    }

    private void render(CrawlComparison c, Writer w) throws IOException {
        switch (format) {
            case TEXT -> w.write(TextReport.render(c));
            case JSON -> JsonReport.write(c, w);
            case HTML -> w.write(HtmlReport.render(c));
        }
    }

    private static void list(List<StoredCrawl> crawls, Writer w, Instant now) throws IOException {
        for (StoredCrawl c : crawls) {
            w.write(String.format(Locale.ROOT, "%s  %-16s %s  %-20s  %d reachable, %d unreachable, %d discovered%n",
                    c.crawlId(), c.network().name(), c.started(), state(c, now),
                    c.reachable(), c.unreachable(), c.discovered()));
        }
    }

    /**
     * Where a crawl stands, in a word: {@code finished (exhausted)}, {@code stopped}, {@code running}, {@code killed}
     * (its heartbeat stopped), or {@code unfinished} (stored by a peercensus without heartbeats).
     */
    static String state(StoredCrawl c, Instant now) {
        StoredCrawl.State state = c.state(now);
        String word = state.name().toLowerCase(Locale.ROOT);
        return state == StoredCrawl.State.FINISHED ? word + " (" + c.stopReason().name().toLowerCase(Locale.ROOT) + ")"
                : word;
    }
}
