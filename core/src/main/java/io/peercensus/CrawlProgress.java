package io.peercensus;

import java.time.Duration;

/**
 * A snapshot of a running crawl.
 *
 * <p>Immutable and thread-safe.
 *
 * @param elapsed time since the crawl started
 * @param found distinct peers heard of so far
 * @param reachable observations with status reachable so far
 * @param unreachable observations with status unreachable so far
 * @param discovered observations with status discovered so far
 * @param inFlight conversations under way
 * @param queued peers waiting to be dialed
 * @param handshakes peers that completed the handshake so far; a reachable peer is counted here at once, and as
 *     {@code reachable} when its conversation ends, after it answered or its answer wait ran out
 */
public record CrawlProgress(Duration elapsed, long found, long reachable, long unreachable, long discovered,
        int inFlight, int queued, long handshakes) {

    /** A snapshot without a count of handshakes (taken as the reachable observations). */
    public CrawlProgress(Duration elapsed, long found, long reachable, long unreachable, long discovered, int inFlight,
            int queued) {
        this(elapsed, found, reachable, unreachable, discovered, inFlight, queued, reachable);
    }

    /** Peers dialed (reachable plus unreachable) per second since the start. */
    public double dialedPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : (reachable + unreachable) / seconds;
    }

    /** A one-line human form, as the CLI shows it. */
    public String toLine() {
        return String.format(java.util.Locale.ROOT,
                "%4ds  found %d  reachable %d  unreachable %d  discovered %d  in flight %d  queued %d  %.0f/s"
                        + "  handshakes %d",
                elapsed.toSeconds(), found, reachable, unreachable, discovered, inFlight, queued, dialedPerSecond(),
                handshakes);
    }
}
