package io.peercensus.examples.cli;

import io.peercensus.ConversationEnd;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlerBuilder;
import io.peercensus.ErrorClass;
import io.peercensus.PeerSink;
import io.peercensus.PeerSource;
import io.peercensus.sink.JdbcSink;
import io.peercensus.sink.NdjsonSink;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs a configured crawl for the CLI: sinks from the options, progress on stderr, a summary at the end. Not thread-safe. */
final class CrawlRun {
    private final CrawlOptions options;
    private final boolean stdoutByDefault;
    private final PrintStream err = System.err;

    /**
     * A runner for {@code options}.
     *
     * @param stdoutByDefault whether observations go to stdout as NDJSON when no output is chosen
     */
    CrawlRun(CrawlOptions options, boolean stdoutByDefault) {
        this.options = options;
        this.stdoutByDefault = stdoutByDefault;
    }

    /** Runs one crawl, or crawls forever with {@code --monitor}; returns the exit status. */
    int execute(CrawlerBuilder builder) {
        PeerSource source = withProgress(builder).build();
        do {
            CrawlSummary summary = runOnce(source, false);
            if (summary.reachable() == 0 && !options.monitor) {
                throw new io.peercensus.CrawlException(unusableSeeds(summary));
            }
        } while (options.monitor);
        return 0;
    }

    /** The one line for a crawl that reached no peer at all: its seeds were unusable. */
    static String unusableSeeds(CrawlSummary s) {
        StringBuilder why = new StringBuilder("the crawl reached no peer: ");
        if (s.unreachable() > 0) {
            why.append(s.unreachable()).append(" unreachable (");
            String sep = "";
            for (ErrorClass c : ErrorClass.values()) {
                if (s.errors(c) > 0) {
                    why.append(sep).append(c.label()).append(' ').append(s.errors(c));
                    sep = ", ";
                }
            }
            why.append(")");
        }
        if (s.discovered() > 0) {
            why.append(s.unreachable() > 0 ? ", " : "").append(s.discovered())
                    .append(" not dialed (private or non-IP addresses need --allow-private or --proxy)");
        }
        return why.append("; check the seeds (--seed, --bootstrap)").toString();
    }

    /** Adds the progress line to {@code builder}. */
    CrawlerBuilder withProgress(CrawlerBuilder builder) {
        return builder.listener(progress);
    }

    private final ProgressReporter progress = new ProgressReporter(err, ProgressReporter.stderrIsTerminal());
    private int rounds;

    /** Runs one crawl of {@code source} into the chosen outputs and prints its summary. */
    CrawlSummary runOnce(PeerSource source, boolean quiet) {
        rounds++;
        CrawlSummary summary = source.run(PeerSink.all(sinks(rounds > 1)));
        progress.finished();
        if (!quiet) {
            err.println(describe(summary));
        }
        return summary;
    }

    /** Fresh sinks for one crawl; the crawl closes them when it ends. */
    private List<PeerSink> sinks(boolean append) {
        List<PeerSink> sinks = new ArrayList<>();
        try {
            boolean noneChosen = options.out == null && options.db == null && options.jdbc == null;
            if ("-".equals(options.out) || (noneChosen && stdoutByDefault)) {
                sinks.add(NdjsonSink.to(System.out).flushEachLine(true)); // never closes stdout
            } else if (options.out != null) {
                Path file = Path.of(options.out);
                sinks.add(append ? NdjsonSink.appendTo(file) : NdjsonSink.to(file));
            }
            if (options.db != null) {
                sinks.add(JdbcSink.sqlite(options.db));
            }
            if (options.jdbc != null) {
                sinks.add(JdbcSink.open(options.jdbc));
            }
        } catch (IOException e) {
            closeAll(sinks);
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return sinks;
    }

    private static void closeAll(List<PeerSink> sinks) {
        for (PeerSink s : sinks) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one reported
            }
        }
    }

    static String describe(CrawlSummary s) {
        StringBuilder errors = new StringBuilder();
        for (ErrorClass c : ErrorClass.values()) {
            if (s.errors(c) > 0) {
                errors.append(errors.length() == 0 ? " (" : ", ").append(c.label()).append(' ').append(s.errors(c));
            }
        }
        if (errors.length() > 0) {
            errors.append(')');
        }
        return String.format(Locale.ROOT,
                "crawl %s of %s %s after %.1f s: %d reachable, %d unreachable%s, %d discovered, %d edges, %.0f dialed/s%s",
                s.crawl().crawlId(), s.crawl().network().name(), s.stopReason().name().toLowerCase(Locale.ROOT),
                s.duration().toMillis() / 1000.0, s.reachable(), s.unreachable(), errors, s.discovered(), s.edges(),
                s.dialedPerSecond(), endings(s));
    }

    /** How the conversations ended, the non-zero counts: {@code ; conversations ended: answered 9, answer-wait 2}. */
    static String endings(CrawlSummary s) {
        StringBuilder b = new StringBuilder();
        for (ConversationEnd e : ConversationEnd.values()) {
            if (s.endings(e) > 0) {
                b.append(b.length() == 0 ? "; conversations ended: " : ", ").append(e.label()).append(' ').append(s.endings(e));
            }
        }
        return b.toString();
    }
}
