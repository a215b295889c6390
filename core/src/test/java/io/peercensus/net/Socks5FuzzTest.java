package io.peercensus.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Coverage-guided fuzz test of the SOCKS5 client reading a proxy's replies (docs/FUZZING.md). The proxy is a
 * loopback listener that answers each connection with the fuzzed bytes and then half-closes; network connections
 * other than to it are Jazzer findings. Without {@code JAZZER_FUZZ} it replays the seed corpus under
 * {@code Socks5FuzzTestInputs/}.
 */
class Socks5FuzzTest {
    private static final String[] TARGETS = {"example.onion", "192.0.2.1", "[2001:db8::1]"};
    private static final ReplyingProxy PROXY = ReplyingProxy.start();

    /**
     * Whatever the proxy replies, {@link Socks5Client#connect} returns a tunnel or throws {@link Socks5Exception};
     * on a tunnel, the bytes after the reply (and only those) are left for the caller to read.
     */
    @FuzzTest(maxDuration = "10m")
    void socks5RepliesAreReadOrRefused(FuzzedDataProvider data) throws IOException, InterruptedException {
        boolean auth = data.consumeBoolean();
        String target = TARGETS[data.consumeInt(0, TARGETS.length - 1)];
        byte[] reply = data.consumeRemainingAsBytes();
        Socks5Client client = auth ? new Socks5Client(PROXY.address(), "user", "secret") : new Socks5Client(PROXY.address());
        PROXY.nextReply(reply);
        SilentCloseable loopbackOnly = BugDetectors.allowNetworkConnections(
                (host, port) -> port == PROXY.address().getPort() && InetAddress.getLoopbackAddress().getHostAddress().equals(host));
        try (Socket tunnel = client.connect(target, 8333, Duration.ofSeconds(10))) {
            byte[] rest = tunnel.getInputStream().readAllBytes();
            int replyLength = replyLength(reply, auth);
            assertThat(rest).isEqualTo(Arrays.copyOfRange(reply, replyLength, reply.length));
        } catch (Socks5Exception e) {
            assertThat(e.getMessage()).isNotEmpty();
        } finally {
            loopbackOnly.close();
        }
    }

    /** The length of a successful reply: method, authentication, then {@code VER REP RSV ATYP ADDR PORT}. */
    private static int replyLength(byte[] reply, boolean auth) {
        int head = 2 + (auth ? 2 : 0);
        int address = switch (reply[head + 3]) {
            case 0x01 -> 4;
            case 0x04 -> 16;
            case 0x03 -> 1 + (reply[head + 4] & 0xff);
            default -> throw new AssertionError("a reply with ATYP " + reply[head + 3] + " was accepted");
        };
        return head + 4 + address + 2;
    }

    /**
     * A proxy on 127.0.0.1 that answers connections one at a time: writes the next reply, half-closes, and reads
     * until the client closes. Its thread is a daemon that lives as long as the test JVM.
     */
    private static final class ReplyingProxy {
        private final ServerSocket listener;
        private final BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(1);

        private ReplyingProxy(ServerSocket listener) {
            this.listener = listener;
        }

        static ReplyingProxy start() {
            try {
                ReplyingProxy proxy = new ReplyingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
                Thread thread = new Thread(proxy::serve, "socks5-fuzz-proxy");
                thread.setDaemon(true);
                thread.start();
                return proxy;
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on loopback", e);
            }
        }

        InetSocketAddress address() {
            return (InetSocketAddress) listener.getLocalSocketAddress();
        }

        /** Sets the reply to the next connection, dropping one a client that never connected left behind. */
        void nextReply(byte[] reply) throws InterruptedException {
            replies.clear();
            replies.put(reply);
        }

        private void serve() {
            while (true) {
                try (Socket connection = listener.accept()) {
                    byte[] reply = replies.take();
                    OutputStream out = connection.getOutputStream();
                    out.write(reply);
                    out.flush();
                    connection.shutdownOutput();
                    InputStream in = connection.getInputStream();
                    while (in.read() >= 0) {
                        // what the client sends is of no interest; wait for it to close
                    }
                } catch (IOException e) {
                    // the client closed with unread bytes, or went away: the next connection is another test's
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
