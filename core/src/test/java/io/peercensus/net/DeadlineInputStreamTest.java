package io.peercensus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineInputStreamTest {

    @Test
    void aSilentPeerEndsTheWaitNamingWhatWasAwaited() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            assertThat(accepted.isConnected()).isTrue(); // the peer is there, and silent
            DeadlineInputStream in = new DeadlineInputStream(client);
            in.await("verack", Deadline.after(Duration.ofMillis(200)));
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class).hasMessage("no verack within 200 ms");
        }
    }

    @Test
    void readsWhatArrivesAndStopsOnceTheDeadlinePassedEvenWithBytesWaiting() throws IOException {
        AtomicLong now = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            accepted.getOutputStream().write(new byte[] {1, 2, 3});
            DeadlineInputStream in = new DeadlineInputStream(client);
            in.await("addr", Deadline.after(Duration.ofSeconds(5), now::get));
            assertThat(in.read()).isEqualTo(1);
            now.addAndGet(Duration.ofSeconds(5).toNanos()); // a trickling peer cannot stretch the wait
            assertThatThrownBy(() -> in.read(new byte[2], 0, 2)).isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("no addr within 5000 ms");
        }
    }

    @Test
    void readingBeforeAwaitIsAProgrammingError() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort())) {
            assertThatThrownBy(() -> new DeadlineInputStream(client).read()).isInstanceOf(IllegalStateException.class);
        }
    }
}
