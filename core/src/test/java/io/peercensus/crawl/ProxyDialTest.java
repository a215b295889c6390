package io.peercensus.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.CrawlListener;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.net.Socks5ServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crawl's proxy path against a real SOCKS5 server (microsocks on loopback): onion peers are dialed
 * through it by name, and a proxy that fails or cannot be reached gives error class {@code proxy}.
 */
class ProxyDialTest {
    private static final String ONION = "vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion";
    private static Socks5ServerFixture proxy;

    @BeforeAll
    static void startProxy() throws IOException {
        proxy = Socks5ServerFixture.start();
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    private static Peer crawlOne(Endpoint endpoint, InetSocketAddress proxyAddress, Prober prober) {
        RecordingSink sink = new RecordingSink();
        new CrawlEngine(FakeNetwork.NETWORK, prober,
                CrawlSettings.builder().proxy(proxyAddress).timeout(Duration.ofSeconds(3)).build(),
                CrawlListener.NONE, Clock.systemUTC())
                .run(() -> List.of(new ProbeTarget(endpoint.canonical(), List.of(endpoint.multiaddr()), List.of(endpoint), null)),
                        List.of(sink));
        assertThat(sink.peers).hasSize(1);
        return sink.peers.get(0);
    }

    private static ProbeResult connectAndGreet(ProbeTarget t, ProbeContext c) throws IOException {
        try (Socket s = c.connect(t.endpoints().get(0))) {
            OutputStream out = s.getOutputStream();
            out.write('?');
            out.flush();
            InputStream in = s.getInputStream();
            if (in.read() != '!') {
                throw new ProbeException(ErrorClass.HANDSHAKE, "no greeting");
            }
        } catch (ProbeException e) {
            throw new IOException(e);
        }
        return new ProbeResult(Peer.builder().network(c.network()).peerID(t.peerID()).addresses(t.addresses())
                .status(PeerStatus.REACHABLE).seenAt(c.now()).build(), List.of());
    }

    @Test
    void onionPeerWhoseNameTheProxyCannotResolveIsAProxyError() {
        Peer p = crawlOne(Endpoint.parse(ONION + ":8333"), proxy.address(), ProxyDialTest::connectAndGreet);
        assertThat(p.status()).isEqualTo(PeerStatus.UNREACHABLE);
        assertThat(p.error().errorClass()).isEqualTo(ErrorClass.PROXY);
        assertThat(p.error().detail()).contains(ONION);
    }

    @Test
    void proxyThatRefusesConnectionsIsAProxyError() throws IOException {
        InetSocketAddress closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
        Peer p = crawlOne(Endpoint.parse(ONION + ":8333"), closed, ProxyDialTest::connectAndGreet);
        assertThat(p.error().errorClass()).isEqualTo(ErrorClass.PROXY);
        assertThat(p.error().detail()).startsWith("cannot connect to proxy");
    }

    @Test
    void dialsThroughTheRealProxyByName() throws Exception {
        // microsocks resolves names with the system resolver, which knows "localhost" from /etc/hosts;
        // the Dialer sends it as a DOMAINNAME, exactly as it sends .onion names.
        try (ServerSocket target = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = target.accept()) {
                    if (s.getInputStream().read() == '?') {
                        s.getOutputStream().write('!');
                    }
                } catch (IOException ignored) {
                    // the test fails on its own assertions
                }
            });
            server.setDaemon(true);
            server.start();
            try (Socket s = new io.peercensus.net.Socks5Client(proxy.address())
                    .connect("localhost", target.getLocalPort(), Duration.ofSeconds(3))) {
                s.getOutputStream().write('?');
                assertThat(s.getInputStream().read()).isEqualTo('!');
            }
        }
        assertThat(NetAddress.parse(ONION).type()).isEqualTo(io.peercensus.address.AddressType.TORV3);
    }
}
