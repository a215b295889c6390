package io.peercensus;

/**
 * How a conversation with a dialed peer ended, counted per crawl ({@link CrawlSummary#endings()}) so a user can
 * see the waits at work: how many conversations ran into each wait, and how many ended because the peer said all
 * it had to.
 *
 * <p>Immutable and thread-safe.
 */
public enum ConversationEnd {
    /** The peer answered in full (Bitcoin: a getaddr answer, then a quiet moment, or 1000 addresses). */
    ANSWERED,
    /** The connect did not complete within its wait. */
    CONNECT_WAIT,
    /** A message the peer owed (a handshake message) did not come within its wait. */
    MESSAGE_WAIT,
    /** The whole answer did not come within its wait; the peer is still reachable with what it said. */
    ANSWER_WAIT,
    /** The whole conversation ran past its bound and the crawl cut it off. */
    CONVERSATION_WAIT,
    /** The connect was refused, or the peer closed or reset the connection. */
    CLOSED,
    /** The peer broke the protocol. */
    PROTOCOL,
    /** The crawl stopped while the conversation was under way, or the conversation failed otherwise. */
    OTHER;

    /** The name as the CLI and stored summaries spell it: {@code answer-wait}, ... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
