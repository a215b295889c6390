package io.peercensus;

/**
 * A crawl could not start or could not go on: no seed resolved, a sink failed, a setting is unusable.
 * Its message is one line meant for the user.
 */
public class CrawlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public CrawlException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public CrawlException(String message, Throwable cause) {
        super(message, cause);
    }
}
