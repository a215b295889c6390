package io.peercensus.dht.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.dht.internal.transport.TransportException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ByteQueueTest {
    @Test
    void keepsWhatIsNotTakenAcrossAppendsAndGrowth() throws TransportException {
        ByteQueue queue = new ByteQueue(4, 100, "test");
        queue.append(new byte[] {1, 2, 3}, 0, 3);
        ByteBuffer view = queue.view();
        assertThat(view.get()).isEqualTo((byte) 1);
        queue.take(view);
        queue.append(ByteBuffer.wrap(new byte[] {4, 5, 6, 7, 8}));
        assertThat(queue.size()).isEqualTo(7);
        queue.skip(2);
        ByteBuffer rest = queue.view();
        byte[] held = new byte[rest.remaining()];
        rest.get(held);
        queue.take(rest);
        assertThat(held).containsExactly(4, 5, 6, 7, 8);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void refusesToHoldMoreThanItsCap() throws TransportException {
        ByteQueue queue = new ByteQueue(8, 10, "yamux: stream 3");
        queue.append(new byte[10], 0, 10);
        queue.skip(4);
        queue.append(new byte[4], 0, 4); // room again after taking
        assertThatThrownBy(() -> queue.append(new byte[1], 0, 1)).isInstanceOf(TransportException.class)
                .hasMessage("yamux: stream 3: more than 10 bytes pending")
                .extracting(e -> ((TransportException) e).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
    }
}
