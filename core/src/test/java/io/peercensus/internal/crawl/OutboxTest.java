package io.peercensus.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

class OutboxTest {
    @Test
    void refusesWhatWouldTakeItPastItsCap() {
        Outbox out = new Outbox(1000);
        assertThat(out.isEmpty()).isTrue();
        assertThat(out.add(new byte[600])).isTrue();
        assertThat(out.add(new byte[401])).isFalse();
        assertThat(out.add(new byte[400])).isTrue();
        assertThat(out.isEmpty()).isFalse();
    }

    @Test
    void sendsWhatWasAddedInOrderAcrossGrowthAndLeavesTheCallersBuffersAsTheyWere() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel server = listener.accept();
                Selector selector = Selector.open()) {
            client.configureBlocking(false);
            SelectionKey key = client.register(selector, SelectionKey.OP_READ);
            Outbox out = new Outbox(4096);
            ByteBuffer framed = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9}).position(1).limit(4);
            assertThat(out.add(framed)).isTrue();
            assertThat(framed.position()).isEqualTo(1);
            assertThat(framed.limit()).isEqualTo(4);
            byte[] big = new byte[1000]; // past the first 512 bytes: the outbox grows
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 7);
            }
            assertThat(out.add(big)).isTrue();
            out.flush(client, key);
            assertThat(out.isEmpty()).isTrue();
            ByteBuffer received = ByteBuffer.allocate(3 + big.length);
            while (received.hasRemaining()) {
                server.read(received);
            }
            ByteBuffer expected = ByteBuffer.allocate(3 + big.length).put(new byte[] {1, 2, 3}).put(big);
            assertThat(received.array()).isEqualTo(expected.array());
        }
    }

    @Test
    void watchesForWritabilityOnlyWhileSomethingIsLeft() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel server = listener.accept();
                Selector selector = Selector.open()) {
            client.configureBlocking(false);
            SelectionKey key = client.register(selector, SelectionKey.OP_READ);
            Outbox out = new Outbox(64 * 1024 * 1024);
            out.add(new byte[] {1, 2, 3});
            out.flush(client, key);
            assertThat(out.isEmpty()).isTrue();
            assertThat(key.interestOps()).isEqualTo(SelectionKey.OP_READ);
            ByteBuffer three = ByteBuffer.allocate(3);
            while (three.hasRemaining()) {
                server.read(three);
            }
            assertThat(three.array()).containsExactly(1, 2, 3);

            out.add(new byte[32 * 1024 * 1024]); // more than the socket buffers take while the server reads nothing
            out.flush(client, key);
            assertThat(out.isEmpty()).isFalse();
            assertThat(key.interestOps()).isEqualTo(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            ByteBuffer sink = ByteBuffer.allocate(1 << 20);
            while (!out.isEmpty()) {
                sink.clear();
                server.read(sink);
                out.flush(client, key);
            }
            assertThat(key.interestOps()).isEqualTo(SelectionKey.OP_READ);
        }
    }
}
