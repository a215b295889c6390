package io.peercensus;

import java.util.Objects;
import java.util.Optional;

/**
 * A crawl could not start or could not go on: no seed resolved, a sink failed, a setting is unusable.
 * Its message is one line meant for the user.
 */
public class CrawlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The crawl's summary when the crawl ran to its end and only finishing its sinks failed, else {@code null}. */
    private final transient CrawlSummary summary;

    /** A failure described by {@code message}. */
    public CrawlException(String message) {
        super(message);
        this.summary = null;
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public CrawlException(String message, Throwable cause) {
        super(message, cause);
        this.summary = null;
    }

    /**
     * A crawl that ran to its end, whose sinks failed to finish ({@code crawlFinished} or {@code close} threw): the
     * observations were made, and {@code summary} counts them.
     */
    public CrawlException(String message, Throwable cause, CrawlSummary summary) {
        super(message, cause);
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    /**
     * The crawl's summary, when the crawl itself ran to its end and only a sink failed as it finished ({@code
     * crawlFinished} or {@code close}); empty when the crawl could not start or was cut short by the failure.
     */
    public Optional<CrawlSummary> summary() {
        return Optional.ofNullable(summary);
    }
}
