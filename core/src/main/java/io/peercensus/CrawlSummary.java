package io.peercensus;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The totals of a finished crawl.
 *
 * <p>Immutable and thread-safe.
 *
 * @param crawl which crawl
 * @param finished when it ended
 * @param stopReason why it ended
 * @param reachable observations with status reachable
 * @param unreachable observations with status unreachable
 * @param discovered observations with status discovered
 * @param errors unreachable observations per error class (every class present, zero when none)
 * @param edges neighbour edges recorded
 * @param endings conversations by how they ended (every kind present, zero when none): how many ran into each
 *     wait, and how many ended with the peer's full answer
 */
public record CrawlSummary(
        CrawlInfo crawl,
        Instant finished,
        StopReason stopReason,
        long reachable,
        long unreachable,
        long discovered,
        Map<ErrorClass, Long> errors,
        long edges,
        Map<ConversationEnd, Long> endings) {

    /** Why a crawl ended. */
    public enum StopReason {
        /** Nothing was left to dial and nothing was in flight. */
        EXHAUSTED,
        /** The maximum number of peers to dial was reached. */
        MAX_PEERS,
        /** The crawl's duration limit passed. */
        DURATION,
        /** The consumer closed the stream or cancelled the crawl. */
        CLOSED,
        /**
         * Stopped on request ({@link PeerSource#stop}; SIGTERM or Ctrl-C at the command line) after the conversations
         * under way had a short grace to end. A database still holds what was left to do, so the crawl can be
         * resumed.
         */
        STOPPED
    }

    public CrawlSummary {
        Objects.requireNonNull(crawl, "crawl");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(stopReason, "stopReason");
        EnumMap<ErrorClass, Long> all = new EnumMap<>(ErrorClass.class);
        for (ErrorClass c : ErrorClass.values()) {
            all.put(c, errors.getOrDefault(c, 0L));
        }
        errors = Map.copyOf(all);
        EnumMap<ConversationEnd, Long> ends = new EnumMap<>(ConversationEnd.class);
        for (ConversationEnd e : ConversationEnd.values()) {
            ends.put(e, endings.getOrDefault(e, 0L));
        }
        endings = java.util.Collections.unmodifiableMap(ends);
    }

    /** A summary without counts of how conversations ended (all zero), as stored crawls read back. */
    public CrawlSummary(CrawlInfo crawl, Instant finished, StopReason stopReason, long reachable, long unreachable,
            long discovered, Map<ErrorClass, Long> errors, long edges) {
        this(crawl, finished, stopReason, reachable, unreachable, discovered, errors, edges, Map.of());
    }

    /** Conversations that ended in one way. */
    public long endings(ConversationEnd end) {
        return endings.get(end);
    }

    /** How long the crawl ran. */
    public Duration duration() {
        return Duration.between(crawl.started(), finished);
    }

    /** Peers dialed: reachable plus unreachable. */
    public long dialed() {
        return reachable + unreachable;
    }

    /** All observations. */
    public long observations() {
        return reachable + unreachable + discovered;
    }

    /** Peers dialed per second of crawl time. */
    public double dialedPerSecond() {
        double seconds = duration().toNanos() / 1e9;
        return seconds <= 0 ? 0 : dialed() / seconds;
    }

    /** Unreachable observations of one error class. */
    public long errors(ErrorClass errorClass) {
        return errors.get(errorClass);
    }
}
