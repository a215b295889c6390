package io.peercensus.bench.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.net.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

class MemoryPipeTest {
    private static final Deadline LONG = Deadline.after(Duration.ofSeconds(30));

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static <T> FutureTask<T> onThread(java.util.concurrent.Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = new Thread(future, "pipe-test");
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    @Test
    void carriesMoreThanItsCapacityInOrderAcrossThreads() throws Exception {
        MemoryPipe pipe = new MemoryPipe(1000);
        byte[] data = random(300_000, 1);
        FutureTask<Void> writer = onThread(() -> {
            OutputStream out = pipe.output();
            Random sizes = new Random(2);
            for (int at = 0; at < data.length; ) {
                int n = Math.min(data.length - at, 1 + sizes.nextInt(3000));
                out.write(data, at, n);
                at += n;
            }
            out.close();
            return null;
        });
        TimedInputStream in = pipe.input();
        in.await("data", LONG);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[777];
        for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
            got.write(buffer, 0, n);
        }
        writer.get();
        assertThat(got.toByteArray()).isEqualTo(data);
    }

    @Test
    void drainsBufferedBytesThenEndsAfterClose() throws IOException {
        MemoryPipe pipe = new MemoryPipe(16);
        pipe.output().write(new byte[] {1, 2, 3});
        pipe.close();
        TimedInputStream in = pipe.input();
        in.await("data", LONG);
        assertThat(in.available()).isEqualTo(3);
        assertThat(in.readExactly(3, "three bytes")).containsExactly(1, 2, 3);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void closeWakesAReaderWaitingOnAnEmptyPipe() throws Exception {
        MemoryPipe pipe = new MemoryPipe(16);
        TimedInputStream in = pipe.input();
        in.await("data", LONG);
        FutureTask<Integer> reader = onThread(in::read);
        pipe.close();
        assertThat(reader.get()).isEqualTo(-1);
    }

    @Test
    void rejectsWritesOnceClosed() {
        MemoryPipe pipe = new MemoryPipe(16);
        pipe.close();
        assertThatThrownBy(() -> pipe.output().write(new byte[4]))
                .isInstanceOf(IOException.class)
                .hasMessage("memory pipe: closed after 0 of 4 bytes were written");
    }

    @Test
    void closeFailsAWriterWaitingForSpace() throws Exception {
        MemoryPipe pipe = new MemoryPipe(4);
        FutureTask<Void> writer = onThread(() -> {
            pipe.output().write(new byte[10]);
            return null;
        });
        TimedInputStream in = pipe.input();
        in.await("data", LONG);
        assertThat(in.read()).isZero(); // the writer has filled the buffer at least once
        pipe.close();
        assertThatThrownBy(writer::get).hasCauseInstanceOf(IOException.class)
                .cause().hasMessageStartingWith("memory pipe: closed after ");
    }

    @Test
    void timesOutWhenTheDeadlineHasPassedOnAnEmptyPipe() {
        TimedInputStream in = new MemoryPipe(16).input();
        in.await("noise handshake message 2", Deadline.after(Duration.ZERO));
        assertThatThrownBy(in::read)
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("memory pipe: no noise handshake message 2 before the deadline");
    }

    @Test
    void refusesAWaitingReadBeforeAwait() {
        TimedInputStream in = new MemoryPipe(16).input();
        assertThatThrownBy(in::read).isInstanceOf(IllegalStateException.class).hasMessageContaining("before await()");
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThatThrownBy(() -> new MemoryPipe(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pipe capacity must be positive, got 0");
    }
}
