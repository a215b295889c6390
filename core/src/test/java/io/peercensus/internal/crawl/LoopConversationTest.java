package io.peercensus.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopConversationTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

    private final SocketChannel channel = open();
    /** When the conversation's wait started. */
    private final long start = System.nanoTime();
    private final Scripted conversation = new Scripted(channel, start);

    @AfterEach
    void closeChannel() throws IOException {
        channel.close();
    }

    @Test
    void nothingIsPublishedBeforeThePublishCallThenTheResult() {
        conversation.end("reached");
        assertThat(conversation.ended()).isTrue();
        assertThat(conversation.outcome()).isNotDone();
        conversation.publish();
        assertThat(conversation.outcome()).isCompletedWithValue("reached");
    }

    @Test
    void aWaitThatRanOutEndsTheConversationAsItsStageSays() {
        conversation.check(start + TIMEOUT - 1);
        assertThat(conversation.timeouts).isZero();
        conversation.check(start + TIMEOUT);
        assertThat(conversation.timeouts).isEqualTo(1);
        assertThat(conversation.unseenChecks).isEqualTo(1);
        conversation.publish();
        assertThatThrownBy(() -> conversation.outcome().get()).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void whatArrivedInTimeButUnreadIsNotATimeout() {
        conversation.unseenAnswerArrived = true;
        conversation.check(start + TIMEOUT);
        assertThat(conversation.unseenChecks).isEqualTo(1);
        assertThat(conversation.timeouts).isZero();
        assertThat(conversation.ended()).isFalse();
    }

    @Test
    void aChannelTheCrawlClosedAbortsTheConversationAtTheNextCheck() throws IOException {
        channel.close();
        conversation.check(start);
        conversation.publish();
        assertThatThrownBy(() -> conversation.outcome().get()).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("conversation aborted");
    }

    @Test
    void anEndedConversationIsNeitherCheckedNorAbandonedNorCrashed() {
        conversation.end("reached");
        conversation.check(start + 2 * TIMEOUT);
        conversation.abandon("crawl ended");
        conversation.crash(new IllegalStateException("bug"));
        assertThat(conversation.timeouts).isZero();
        assertThat(conversation.failures).isZero();
        conversation.publish();
        assertThat(conversation.outcome()).isCompletedWithValue("reached");
    }

    @Test
    void abandonAndCrashEndAConversationUnderWayWithTheirError() {
        conversation.crash(new IllegalStateException("bug"));
        conversation.abandon("crawl ended"); // too late: it ended with the crash
        assertThat(conversation.failures).isEqualTo(1);
        conversation.publish();
        assertThatThrownBy(() -> conversation.outcome().get()).hasCauseInstanceOf(IllegalStateException.class);

        Scripted other = new Scripted(channel, start);
        other.abandon("crawl ended");
        other.publish();
        assertThatThrownBy(() -> other.outcome().get()).hasCauseInstanceOf(IOException.class).hasMessageContaining("crawl ended");
    }

    private static SocketChannel open() {
        try {
            return SocketChannel.open();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A conversation whose stage is a flag, counting the calls the template makes. */
    private static final class Scripted extends LoopConversation<String> {
        private final SocketChannel channel;
        private boolean over;
        boolean unseenAnswerArrived;
        int unseenChecks;
        int timeouts;
        int failures;

        Scripted(SocketChannel channel, long start) {
            super(TIMEOUT, start + 10 * TIMEOUT);
            this.channel = channel;
            wait.start("answer", start);
        }

        void end(String result) {
            over = true;
            endWith(result);
        }

        @Override
        public void register(Selector selector) {
            // not on a loop
        }

        @Override
        public void ready() {
            // not on a loop
        }

        @Override
        public boolean ended() {
            return over;
        }

        @Override
        protected SocketChannel channel() {
            return channel;
        }

        @Override
        protected boolean arrivedUnseen(long now) {
            unseenChecks++;
            return unseenAnswerArrived;
        }

        @Override
        protected void timedOut() {
            timeouts++;
            fail(wait.timeout());
        }

        @Override
        protected void fail(Exception e) {
            failures++;
            over = true;
            endWithError(e);
        }
    }
}
