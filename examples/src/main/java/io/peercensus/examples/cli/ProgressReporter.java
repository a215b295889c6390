package io.peercensus.examples.cli;

import io.peercensus.CrawlListener;
import io.peercensus.CrawlProgress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shows a running crawl's progress on stderr: a line redrawn in place when stderr is a terminal,
 * otherwise a plain log line every ten seconds. Thread-safe.
 */
final class ProgressReporter implements CrawlListener {
    private static final int LOG_EVERY_TICKS = 10;

    private final PrintStream err;
    private final boolean terminal;
    private int ticks;
    private boolean drawn;

    ProgressReporter(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void progress(CrawlProgress progress) {
        ticks++;
        if (terminal) {
            err.print("\r" + progress.toLine() + "\u001b[K");
            err.flush();
            drawn = true;
        } else if (ticks % LOG_EVERY_TICKS == 0) {
            err.println("progress: " + progress.toLine().strip());
        }
    }

    /** Ends the redrawn line before the summary is printed. */
    synchronized void finished() {
        if (drawn) {
            err.println();
            drawn = false;
        }
        ticks = 0;
    }

    /** Whether this process's stderr is a terminal (Linux: fd 2 points at a tty). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
