package io.peercensus.bench.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.net.Deadline;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoisePairTest {
    @Test
    void securesAnInMemoryDuplexBothWays() throws Exception {
        try (Duplex duplex = Duplex.memory(256 * 1024)) {
            NoisePair pair = NoisePair.handshake(duplex);
            Deadline deadline = Deadline.after(Duration.ofSeconds(30));
            byte[] data = new byte[150_000]; // three transport messages, within the pipe's buffer
            new Random(3).nextBytes(data);

            pair.client().output().write(data);
            pair.server().input().await("data", deadline);
            assertThat(pair.server().input().readExactly(data.length, "data")).isEqualTo(data);

            pair.server().output().write(data, 0, 10);
            pair.client().input().await("reply", deadline);
            assertThat(pair.client().input().readExactly(10, "reply")).containsExactly(java.util.Arrays.copyOf(data, 10));
        }
    }

    @Test
    void securesALoopbackConnection() throws Exception {
        try (Duplex duplex = Duplex.loopback()) {
            NoisePair pair = NoisePair.handshake(duplex);
            assertThat(pair.client().remotePeer()).isNotEqualTo(pair.server().remotePeer());
            pair.client().output().write(new byte[] {7, 8, 9});
            pair.server().input().await("data", Deadline.after(Duration.ofSeconds(30)));
            assertThat(pair.server().input().readExactly(3, "data")).containsExactly(7, 8, 9);
        }
    }
}
