package io.peercensus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.address.Endpoint;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Dialer#open}: non-blocking channels for event-loop probers, under the same guard as sockets. */
class DialerChannelTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "[::1]"})
    void opensANonBlockingChannelThatConnectsAndCarriesBytes(String host) throws Exception {
        try (LoopbackEchoServer echo = new LoopbackEchoServer(); Selector selector = Selector.open()) {
            List<Closeable> created = new ArrayList<>();
            SocketChannel channel = Dialer.loopbackOnly(null)
                    .open(Endpoint.parse(host + ":" + echo.port()), Duration.ofSeconds(2), created::add);
            try (channel) {
                assertThat(created).containsExactly(channel);
                assertThat(channel.isBlocking()).isFalse();
                channel.register(selector, SelectionKey.OP_CONNECT);
                Deadline deadline = Deadline.after(Duration.ofSeconds(5));
                while (channel.isConnectionPending() && !channel.finishConnect()) {
                    selector.select(Math.max(1, deadline.remaining().toMillis()));
                    assertThat(deadline.expired()).isFalse();
                }
                channel.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer back = ByteBuffer.allocate(4);
                channel.keyFor(selector).interestOps(SelectionKey.OP_READ);
                while (back.hasRemaining()) {
                    selector.select(Math.max(1, deadline.remaining().toMillis()));
                    assertThat(deadline.expired()).isFalse();
                    assertThat(channel.read(back)).isNotNegative();
                }
                assertThat(new String(back.array(), StandardCharsets.US_ASCII)).isEqualTo("ping");
            }
        }
    }

    @Test
    void refusesWhatTheGuardForbidsBeforeOpeningAnything() {
        List<Closeable> created = new ArrayList<>();
        assertThatThrownBy(() -> Dialer.loopbackOnly(null).open(Endpoint.parse("10.0.0.1:8333"), Duration.ofSeconds(1),
                created::add)).isInstanceOf(IllegalStateException.class).hasMessageContaining("10.0.0.1:8333");
        assertThatThrownBy(() -> new Dialer(false, null).open(Endpoint.parse("127.0.0.1:8333"), Duration.ofSeconds(1),
                created::add)).isInstanceOf(IllegalStateException.class);
        assertThat(created).isEmpty();
    }

    @Test
    void torAndI2pNeedTheProxyAndNothingElseDoes() {
        assertThat(Dialer.needsProxy(new Endpoint(io.peercensus.address.NetAddress.torV3(new byte[32]), 8333))).isTrue();
        assertThat(Dialer.needsProxy(new Endpoint(io.peercensus.address.NetAddress.torV2(new byte[10]), 8333))).isTrue();
        assertThat(Dialer.needsProxy(new Endpoint(io.peercensus.address.NetAddress.i2p(new byte[32]), 0))).isTrue();
        assertThat(Dialer.needsProxy(Endpoint.parse("127.0.0.1:8333"))).isFalse();
        assertThat(Dialer.needsProxy(Endpoint.parse("[::1]:8333"))).isFalse();
    }
}
