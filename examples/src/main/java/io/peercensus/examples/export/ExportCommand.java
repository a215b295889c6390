package io.peercensus.examples.export;

import io.peercensus.examples.report.CrawlDatabase;
import io.peercensus.examples.report.Destination;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peercensus export}: a stored crawl's peer graph as GraphML, DOT or a CSV edge list. Bad arguments are an
 * {@link IllegalArgumentException} (one line, exit status 2). Not thread-safe.
 */
@Command(name = "export", description = "Export a stored crawl's peer graph (who told the crawler about whom):"
        + " GraphML or DOT with status, agent and error attributes on the nodes, or the edge list as CSV.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--db", paramLabel = "FILE", required = true, description = "The SQLite database the crawl was stored in.")
    Path db;

    @Option(names = "--crawl", paramLabel = "ID", required = true,
            description = "The crawl to export (list them with 'report --db FILE --list').")
    String crawl;

    @Option(names = "--format", paramLabel = "FORMAT", required = true, converter = GraphFormat.Converter.class,
            description = "graphml, dot or csv.")
    GraphFormat format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        try (CrawlDatabase database = CrawlDatabase.open(db)) {
            StoredCrawl stored = database.crawl(crawl);
            GraphExport.Counts[] counts = new GraphExport.Counts[1];
            Destination.write(out, stdout, w -> counts[0] = GraphExport.write(database.store(), stored, format, w));
            if (out != null) {
                spec.commandLine().getErr().printf("exported %d nodes (%d unobserved) and %d edges to %s%n",
                        counts[0].nodes(), counts[0].unobserved(), counts[0].edges(), out);
            }
        }
        return 0;
    }
}
