package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test proxy's Tor latency, through a SOCKS5 client written out by hand and an echo server behind the proxy.
 * Silences are checked one-sidedly: nothing arrives while the delay has clearly not passed.
 */
class OnionProxyTest {

    private static final String NAME = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv.onion";

    private ServerSocket echo;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = echo.accept()) {
                s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException closed) {
                // the test is over
            }
        }, "echo");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    private OnionProxy proxy(Duration connectDelay, Duration relayDelay) throws IOException {
        InetSocketAddress target = new InetSocketAddress(echo.getInetAddress(), echo.getLocalPort());
        return new OnionProxy(Map.of(NAME, target), OnionProxy.Mode.RELAY, connectDelay, relayDelay);
    }

    /** Greets the proxy and sends a CONNECT to {@link #NAME}:8333 by name (ATYP 3); the reply is left unread. */
    private static Socket connect(OnionProxy proxy) throws IOException {
        Socket s = new Socket();
        s.connect(proxy.address(), 1_000);
        s.setSoTimeout(5_000);
        OutputStream out = s.getOutputStream();
        out.write(new byte[] {5, 1, 0});
        byte[] method = new DataInputStream(s.getInputStream()).readNBytes(2);
        assertThat(method).containsExactly(5, 0);
        byte[] name = NAME.getBytes(StandardCharsets.US_ASCII);
        out.write(new byte[] {5, 1, 0, 3, (byte) name.length});
        out.write(name);
        out.write(new byte[] {(byte) (8333 >> 8), (byte) 8333});
        out.flush();
        return s;
    }

    @Test
    void theConnectReplyWaitsForTheConnectDelay() throws IOException {
        try (OnionProxy proxy = proxy(Duration.ofMillis(1_500), Duration.ZERO); Socket s = connect(proxy)) {
            InputStream in = s.getInputStream();
            s.setSoTimeout(300);
            assertThatThrownBy(in::read).as("no reply while the circuit builds").isInstanceOf(SocketTimeoutException.class);
            s.setSoTimeout(5_000);
            assertThat(in.readNBytes(10)).startsWith(5, 0, 0, 1);
            s.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readNBytes(2)).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
            assertThat(proxy.requests).containsExactly(NAME + ":8333");
        }
    }

    @Test
    void relayedBytesArriveLateButInOrder() throws IOException {
        try (OnionProxy proxy = proxy(Duration.ZERO, Duration.ofMillis(500)); Socket s = connect(proxy)) {
            InputStream in = s.getInputStream();
            assertThat(in.readNBytes(10)).startsWith(5, 0, 0, 1);
            OutputStream out = s.getOutputStream();
            for (String part : new String[] {"one ", "two ", "three"}) {
                out.write(part.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            s.setSoTimeout(300);
            assertThatThrownBy(in::read).as("a round trip costs twice the relay delay")
                    .isInstanceOf(SocketTimeoutException.class);
            s.setSoTimeout(5_000);
            assertThat(new String(in.readNBytes(13), StandardCharsets.US_ASCII)).isEqualTo("one two three");
            s.shutdownOutput();
            assertThat(in.read()).as("the end of stream is relayed too").isEqualTo(-1);
        }
    }
}
