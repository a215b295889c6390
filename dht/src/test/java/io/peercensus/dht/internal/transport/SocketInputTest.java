package io.peercensus.dht.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.peercensus.net.Deadline;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SocketInputTest {
    private static final Deadline LONG = Deadline.after(Duration.ofSeconds(30));

    @Test
    void readsWhatArrivesInFragmentsByteForByte() throws Exception {
        byte[] data = new byte[3 * SocketInput.BUFFER_SIZE + 17];
        new Random(1).nextBytes(data);
        try (Loopback pair = new Loopback()) {
            pair.run(() -> {
                OutputStream out = pair.server.getOutputStream();
                for (int at = 0; at < data.length; at += 1000) {
                    out.write(data, at, Math.min(1000, data.length - at));
                    out.flush();
                }
                pair.server.shutdownOutput();
                return null;
            });
            SocketInput in = new SocketInput(pair.client);
            in.await("data", LONG);
            byte[] got = new byte[data.length];
            got[0] = (byte) in.read();
            int done = 1;
            int[] sizes = {1, 7, 300, 2 * SocketInput.BUFFER_SIZE, 5};
            for (int i = 0; done < data.length; i++) {
                int n = in.read(got, done, Math.min(sizes[i % sizes.length], data.length - done));
                assertThat(n).isPositive();
                done += n;
            }
            assertThat(got).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(got, 0, 10)).isEqualTo(-1);
        }
    }

    @Test
    void oneSocketReadBuffersSeveralFramesThatThenNeedNoWait() throws Exception {
        try (Loopback pair = new Loopback()) {
            pair.server.getOutputStream().write(new byte[] {0, 2, 10, 11, 0, 1, 12});
            SocketInput in = new SocketInput(pair.client);
            in.await("frames", LONG);
            assertThat(in.readExactly(4, "first frame")).containsExactly(0, 2, 10, 11);
            assumeThat(in.available()).as("the 7 bytes arrived in one segment").isEqualTo(3);
            in.await("second frame", Deadline.after(Duration.ZERO)); // already buffered: no wait, so no timeout
            assertThat(in.readExactly(3, "second frame")).containsExactly(0, 1, 12);
        }
    }

    @Test
    void aReadThatMustWaitIsBoundedByTheDeadline() throws Exception {
        try (Loopback pair = new Loopback()) {
            SocketInput in = new SocketInput(pair.client);
            in.await("yamux frame", Deadline.after(Duration.ofMillis(100)));
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class).hasMessageStartingWith("no yamux frame within");
        }
    }
}
