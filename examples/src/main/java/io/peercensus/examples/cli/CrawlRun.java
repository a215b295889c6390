package io.peercensus.examples.cli;

import io.peercensus.ConversationEnd;
import io.peercensus.CrawlCheckpoint;
import io.peercensus.CrawlException;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlerBuilder;
import io.peercensus.ErrorClass;
import io.peercensus.Network;
import io.peercensus.PeerSink;
import io.peercensus.PeerSource;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.JdbcSink;
import io.peercensus.sink.NdjsonSink;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
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

    /** How long a stopping crawl lets the conversations under way end (SIGTERM, Ctrl-C). */
    static final Duration STOP_GRACE = Duration.ofMillis(1500);

    /**
     * Runs one crawl, or crawls forever with {@code --monitor}, or resumes one with {@code --resume}; returns the exit
     * status: 0, or 143/130 when SIGTERM/SIGINT stopped it.
     */
    int execute(CrawlerBuilder builder) {
        if (options.resume != null) {
            builder.resume(checkpoint(builder.config().network()));
            appendFromStart = true;
        }
        PeerSource source = withProgress(builder).build();
        try (StopSignals signals = StopSignals.install(() -> source.stop(STOP_GRACE), err)) {
            do {
                CrawlSummary summary = runOnce(source, false);
                if (signals.received()) {
                    return signals.status();
                }
                if (summary.reachable() == 0 && !options.monitor) {
                    throw new CrawlException(unusableSeeds(summary));
                }
            } while (options.monitor);
        }
        return 0;
    }

    /**
     * Runs one crawl of {@code source} like {@link #runOnce}, stopped gracefully by SIGTERM or SIGINT.
     *
     * @return the summary, and the exit status a signal asks for (0 when none came)
     */
    Stopped runStoppable(PeerSource source, boolean quiet) {
        try (StopSignals signals = StopSignals.install(() -> source.stop(STOP_GRACE), err)) {
            CrawlSummary summary = runOnce(source, quiet);
            return new Stopped(summary, signals.status());
        }
    }

    /** A crawl's summary, and the exit status of the signal that stopped it (0 when none did). */
    record Stopped(CrawlSummary summary, int status) {
    }

    /** The stored crawl {@code --resume} names, or the newest one of {@code network} that can be resumed. */
    private CrawlCheckpoint checkpoint(Network network) {
        if (options.db == null && options.jdbc == null) {
            throw new IllegalArgumentException("--resume needs --db or --jdbc: the crawl to resume is read from its database");
        }
        if (options.monitor) {
            throw new IllegalArgumentException("--resume continues one crawl; it cannot be combined with --monitor");
        }
        String where = options.db != null ? options.db.toString() : options.jdbc;
        try (CrawlStore store = options.db != null ? CrawlStore.sqlite(options.db) : CrawlStore.open(options.jdbc)) {
            String id = options.resume;
            if (id.equals(CrawlOptions.RESUME_NEWEST)) {
                id = store.resumable(network).map(StoredCrawl::crawlId).orElseThrow(() -> new CrawlException(
                        "no crawl of " + network.name() + " to resume in " + where + " (none stopped or unfinished)"));
            }
            CrawlCheckpoint checkpoint = store.checkpoint(id);
            if (!checkpoint.network().equals(network)) {
                throw new IllegalArgumentException("crawl " + id + " is of " + checkpoint.network().name() + ", not "
                        + network.name());
            }
            err.println("peercensus: resuming crawl " + id + " of " + network.name() + ": " + checkpoint.observed().size()
                    + " peers observed, " + checkpoint.queued().size() + " queued or in flight when it ended");
            return checkpoint;
        } catch (IOException e) {
            throw new CrawlException(describe(e), e);
        }
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
    /** Whether the first crawl appends to {@code --out} too: it continues a crawl that wrote there before. */
    private boolean appendFromStart;

    /** Runs one crawl of {@code source} into the chosen outputs and prints its summary. */
    CrawlSummary runOnce(PeerSource source, boolean quiet) {
        rounds++;
        CrawlSummary summary = source.run(PeerSink.all(sinks(rounds > 1 || appendFromStart)));
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
                sinks.add(NdjsonSink.to(new StandardOutput()).flushEachLine(true)); // never closes stdout
            } else if (options.out != null) {
                Path file = Path.of(options.out);
                sinks.add(append ? NdjsonSink.appendTo(file) : NdjsonSink.to(file));
            }
            if (options.db != null) {
                sinks.add(JdbcSink.sqlite(options.db).keepCrawls(options.keep()));
            }
            if (options.jdbc != null) {
                sinks.add(JdbcSink.open(options.jdbc).keepCrawls(options.keep()));
            }
        } catch (IOException e) {
            closeAll(sinks);
            throw new UncheckedIOException(describe(e), e);
        }
        return sinks;
    }

    /**
     * One line for an I/O failure, with its reason: {@code cannot open /x/y: no such file or directory}. The JDK's
     * file exceptions carry only the path in their message.
     */
    static String describe(IOException e) {
        if (e instanceof FileSystemException f) {
            String reason = f.getReason();
            if (reason == null) {
                reason = f instanceof NoSuchFileException ? "no such file or directory"
                        : f instanceof AccessDeniedException ? "permission denied"
                        : f instanceof NotDirectoryException ? "not a directory"
                        : f instanceof FileAlreadyExistsException ? "it already exists"
                        : e.getClass().getSimpleName();
            }
            return "cannot open " + f.getFile() + (f.getOtherFile() == null ? "" : " or " + f.getOtherFile()) + ": "
                    + reason.toLowerCase(Locale.ROOT);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
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
