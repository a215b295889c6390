package io.peercensus;

/**
 * Hears what a crawl does while it runs. Every method defaults to nothing.
 *
 * <p>Rules: methods are called from crawl threads, possibly several at once, so an implementation
 * must be thread-safe; they must be fast (a slow listener slows the crawl) and must not throw
 * (what they throw is logged and ignored).
 */
public interface CrawlListener {

    /** A listener that does nothing. */
    CrawlListener NONE = new CrawlListener() {
    };

    /** The crawl started. */
    default void crawlStarted(CrawlInfo crawl) {
    }

    /** An observation was recorded (after the sinks took it). */
    default void peerObserved(Peer peer) {
    }

    /** Called about once a second while the crawl runs. */
    default void progress(CrawlProgress progress) {
    }

    /** The crawl ended, normally or by a limit or by being closed. */
    default void crawlFinished(CrawlSummary summary) {
    }

    /** The crawl failed: a sink failed, or it could not start. */
    default void crawlFailed(CrawlInfo crawl, Throwable cause) {
    }
}
