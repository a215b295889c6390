package io.peercensus;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * A configured crawl of one network. Each call of {@link #stream()} or {@link #run(PeerSink)} runs one
 * new crawl.
 *
 * <p>Thread-safe: several crawls from one source may run at once.
 */
public interface PeerSource {

    /**
     * Starts a crawl and returns its observations as they are made. The crawl runs in the background,
     * and stops when it ends by itself or when the stream is closed: always close it, for example
     * with try-with-resources. Closing stops all dialing, releases every socket and closes the
     * configured sinks. A slow consumer slows the crawl (the stream buffers a little, then waits).
     *
     * @throws CrawlException from the stream's terminal operation when the crawl cannot start or a sink fails
     */
    Stream<Peer> stream();

    /**
     * Runs a crawl to its end, handing every observation to {@code sink} (and to the sinks configured
     * on the source), then closes {@code sink}.
     *
     * @return the crawl's totals
     * @throws CrawlException when the crawl cannot start or a sink fails
     */
    CrawlSummary run(PeerSink sink);

    /**
     * Stops every crawl of this source that is running, gracefully: no more dials, the conversations under way get
     * up to {@code grace} to end and be recorded, then each crawl's sinks finish with stop reason
     * {@link CrawlSummary.StopReason#STOPPED} and its {@link #run} returns (its stream ends). Returns at once; crawls
     * started later are not affected.
     *
     * @throws UnsupportedOperationException when this source cannot stop gracefully (close its stream instead)
     */
    default void stop(Duration grace) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot stop gracefully; close its stream");
    }
}
