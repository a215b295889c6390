package io.peercensus.btc.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.internal.wire.FrameReader;
import io.peercensus.btc.wire.NetAddr;
import io.peercensus.btc.wire.VersionMessage;
import io.peercensus.internal.crawl.SelectorLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A connect still pending when the loop takes the conversation over (rare on loopback, usual on the internet). */
class PendingConnectTest {

    @Test
    void aConnectStillPendingWhenTheLoopTakesItOverGreetsOnceItCompletes() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(any, 1);
                SocketChannel first = SocketChannel.open(listener.getLocalAddress());
                SocketChannel second = SocketChannel.open(listener.getLocalAddress()); // the accept queue is full
                SocketChannel channel = SocketChannel.open()) {
            assertThat(first.isConnected() && second.isConnected()).as("two connections fill a backlog of 1").isTrue();
            channel.configureBlocking(false);
            assertThat(channel.connect(listener.getLocalAddress())).as("the SYN is dropped: still connecting").isFalse();
            InetSocketAddress at = (InetSocketAddress) listener.getLocalAddress();
            Endpoint endpoint = Endpoint.parse("127.0.0.1:" + at.getPort());
            OurMessages ours = new OurMessages(ScriptedNode.MAGIC);
            VersionMessage version = new VersionMessage(BitcoinProber.PROTOCOL_VERSION, 0, 1_700_000_000L,
                    new NetAddr(0, new byte[16], 0), new NetAddr(0, new byte[16], 0), 7, new byte[0], 0,
                    Optional.of(false));
            long now = System.nanoTime();
            NodeConversation conversation = new NodeConversation(channel, endpoint.canonical(), endpoint, ours,
                    ours.frame(version).array(), now, RecordingContext.withWaits(30).waits(endpoint),
                    now + TimeUnit.SECONDS.toNanos(30), new LoopResources(), RecordingContext.withWaits(30));
            SelectorLoop loop = new SelectorLoop("test-conversations");
            try {
                loop.start(conversation);

                listener.accept().close(); // room again: the retried SYN gets in, about a second later
                listener.accept().close();
                try (SocketChannel node = listener.accept()) {
                    node.socket().setSoTimeout(5_000); // well within the wait: no rescue by the deadline check
                    Frame greeting = new FrameReader(node.socket().getInputStream(), ScriptedNode.MAGIC).read();
                    assertThat(greeting.command()).isEqualTo("version");
                }
            } finally {
                loop.close();
            }
            assertThatThrownBy(() -> conversation.outcome().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        }
    }
}
