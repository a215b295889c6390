package io.peercensus.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SelectorLoopTest {
    /** A member reading a pipe: it records what the loop calls, on which thread, and ends as told. */
    private static class PipeReader implements SelectorLoop.Member {
        private SelectorLoop.Check scheduled;

        @Override
        public SelectorLoop.Check scheduled() {
            return scheduled;
        }

        @Override
        public void scheduled(SelectorLoop.Check check) {
            scheduled = check;
            if (check != null) {
                given.add(check);
            }
        }

        /** Every check the loop queued for this member. */
        final java.util.List<SelectorLoop.Check> given = new java.util.concurrent.CopyOnWriteArrayList<>();

        final Pipe pipe = Pipe.open();
        final CompletableFuture<String> read = new CompletableFuture<>();
        final CompletableFuture<String> ended = new CompletableFuture<>();
        final CompletableFuture<Thread> registeredOn = new CompletableFuture<>();
        volatile long waitEnd;
        final java.util.concurrent.atomic.AtomicInteger publications = new java.util.concurrent.atomic.AtomicInteger();
        private SelectionKey key;
        private boolean over;
        private String how;

        PipeReader(long waitEnd) throws IOException {
            this.waitEnd = waitEnd;
            pipe.source().configureBlocking(false);
        }

        @Override
        public void register(Selector selector) {
            registeredOn.complete(Thread.currentThread());
            try {
                key = pipe.source().register(selector, SelectionKey.OP_READ, this);
            } catch (ClosedChannelException e) {
                end("closed");
            }
        }

        @Override
        public void ready() {
            ByteBuffer b = ByteBuffer.allocate(64);
            try {
                int n = pipe.source().read(b);
                if (n > 0) {
                    read.complete(new String(b.array(), 0, n, java.nio.charset.StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                end("read failed");
            }
        }

        @Override
        public void check(long now) {
            if (now - waitEnd >= 0) {
                end("timed out");
            }
        }

        @Override
        public long waitEnd() {
            return waitEnd;
        }

        @Override
        public boolean ended() {
            return over;
        }

        @Override
        public void abandon(String why) {
            end("abandoned: " + why);
        }

        @Override
        public void crash(RuntimeException e) {
            end("crashed: " + e.getMessage());
        }

        @Override
        public void publish() {
            publications.incrementAndGet();
            ended.complete(how);
        }

        private void end(String how) {
            over = true;
            this.how = how;
            if (key != null) {
                key.cancel();
            }
        }
    }

    @Test
    void runsMembersOnItsThreadAndHandsThemWhatIsReady() throws Exception {
        try (SelectorLoop loop = new SelectorLoop("test-loop")) {
            PipeReader member = new PipeReader(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
            loop.start(member);
            member.pipe.sink().write(ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertThat(member.read.get(30, TimeUnit.SECONDS)).isEqualTo("hello");
            assertThat(member.registeredOn.get().getName()).isEqualTo("test-loop");
            assertThat(member.ended).isNotDone();
        }
    }

    @Test
    void aCheckSupersededOrOfAnEndedMemberNoLongerHoldsIt() throws Exception {
        try (SelectorLoop loop = new SelectorLoop("test-loop")) {
            PipeReader member = new PipeReader(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
            loop.start(member);
            assertThat(io.peercensus.testing.Await.until(java.time.Duration.ofSeconds(30), () -> !member.given.isEmpty()))
                    .as("the loop queued the first check").isTrue();
            member.waitEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100); // a shorter wait, then an event
            member.pipe.sink().write(ByteBuffer.wrap(new byte[] {'x'}));
            assertThat(member.ended.get(30, TimeUnit.SECONDS)).isEqualTo("timed out");
            assertThat(member.given).as("the first check, then an earlier one for the shorter wait").hasSize(2);
            assertThat(member.given).as("neither keeps the ended member alive in the queue")
                    .allSatisfy(c -> assertThat(c.member()).isNull());
        }
    }

    @Test
    void checksAWaitThatRunsOutWithoutAnyEvent() throws Exception {
        try (SelectorLoop loop = new SelectorLoop("test-loop")) {
            long start = System.nanoTime();
            PipeReader member = new PipeReader(start + TimeUnit.MILLISECONDS.toNanos(100));
            loop.start(member);
            assertThat(member.ended.get(30, TimeUnit.SECONDS)).isEqualTo("timed out");
            assertThat(member.publications).hasValue(1);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).isBetween(100L, 10_000L);
        }
    }

    @Test
    void closingAbandonsMembersUnderWayAndLateArrivals() throws Exception {
        SelectorLoop loop = new SelectorLoop("test-loop");
        PipeReader running = new PipeReader(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        loop.start(running);
        running.registeredOn.get(30, TimeUnit.SECONDS);
        loop.close();
        assertThat(running.ended.get(30, TimeUnit.SECONDS)).isEqualTo("abandoned: crawl ended");
        PipeReader late = new PipeReader(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        loop.start(late);
        assertThat(late.ended.get(30, TimeUnit.SECONDS)).isEqualTo("abandoned: crawl ended");
        assertThat(running.publications).hasValue(1);
        assertThat(late.publications).hasValue(1);
    }

    @Test
    void resultsOfConversationsThatEndTogetherAreHandedOnOnceEach() throws Exception {
        try (SelectorLoop loop = new SelectorLoop("test-loop")) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            java.util.List<PipeReader> members = new java.util.ArrayList<>();
            for (int i = 0; i < SelectorLoop.PUBLISH_BATCH + 5; i++) {
                PipeReader m = new PipeReader(end);
                members.add(m);
                loop.start(m);
            }
            for (PipeReader m : members) {
                assertThat(m.ended.get(30, TimeUnit.SECONDS)).isEqualTo("timed out");
            }
            for (PipeReader m : members) {
                assertThat(m.publications).hasValue(1);
            }
        }
    }

    @Test
    void aLoopClosedBeforeItsFirstConversationNeverStartsItsThread() throws Exception {
        SelectorLoop loop = new SelectorLoop("test-loop-unused");
        loop.close();
        PipeReader late = new PipeReader(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        loop.start(late);
        assertThat(late.ended.get(30, TimeUnit.SECONDS)).isEqualTo("abandoned: crawl ended");
        assertThat(late.registeredOn).isNotDone();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-loop-unused"));
    }

    @Test
    void aMemberThatThrowsIsCrashedAndTheLoopGoesOn() throws Exception {
        try (SelectorLoop loop = new SelectorLoop("test-loop")) {
            PipeReader faulty = new PipeReader(System.nanoTime() + TimeUnit.SECONDS.toNanos(60)) {
                @Override
                public void ready() {
                    throw new IllegalStateException("bug");
                }
            };
            loop.start(faulty);
            faulty.pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            assertThat(faulty.ended.get(30, TimeUnit.SECONDS)).isEqualTo("crashed: bug");
            PipeReader next = new PipeReader(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
            loop.start(next);
            next.pipe.sink().write(ByteBuffer.wrap("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertThat(next.read.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
        }
    }
}
