package io.peercensus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Socks5Client} against a real SOCKS5 server (Debian's microsocks) relaying to a loopback echo server. */
class Socks5ClientRealProxyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String USERNAME = "crawler";
    private static final String PASSWORD = "isolation-group-7";

    private static Socks5ServerFixture open;
    private static Socks5ServerFixture withPassword;
    private static LoopbackEchoServer echo;

    @BeforeAll
    static void startServers() throws IOException {
        echo = new LoopbackEchoServer();
        open = Socks5ServerFixture.start();
        withPassword = Socks5ServerFixture.startWithPassword(USERNAME, PASSWORD);
    }

    @AfterAll
    static void stopServers() throws IOException {
        for (Socks5ServerFixture server : new Socks5ServerFixture[] {open, withPassword}) {
            if (server != null) {
                server.close();
            }
        }
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    void relaysToIpv4Literal() throws IOException {
        try (Socket s = new Socks5Client(open.address()).connect("127.0.0.1", echo.port(), TIMEOUT)) {
            assertEchoes(s, "hello over ipv4");
        }
    }

    @Test
    void relaysToIpv6Literal() throws IOException {
        try (Socket s = new Socks5Client(open.address()).connect("::1", echo.port(), TIMEOUT)) {
            assertEchoes(s, "hello over ipv6");
        }
    }

    @Test
    void proxyResolvesDomainName() throws IOException {
        try (Socket s = new Socks5Client(open.address()).connect("localhost", echo.port(), TIMEOUT)) {
            assertEchoes(s, "hello, name resolved by the proxy");
        }
    }

    @Test
    void returnedSocketHasNoReadTimeout() throws IOException {
        try (Socket s = new Socks5Client(open.address()).connect("127.0.0.1", echo.port(), TIMEOUT)) {
            assertThat(s.getSoTimeout()).isZero();
        }
    }

    @Test
    void authenticatesWithUsernameAndPassword() throws IOException {
        Socks5Client client = new Socks5Client(withPassword.address(), USERNAME, PASSWORD);
        try (Socket s = client.connect("localhost", echo.port(), TIMEOUT)) {
            assertEchoes(s, "hello, authenticated");
        }
    }

    @Test
    void reportsWrongPassword() {
        Socks5Client client = new Socks5Client(withPassword.address(), USERNAME, "wrong");
        assertThatThrownBy(() -> client.connect("127.0.0.1", echo.port(), TIMEOUT))
                .isInstanceOf(Socks5Exception.class)
                .hasMessageContaining("rejected the username/password");
    }

    @Test
    void reportsNoAcceptableMethodWhenProxyNeedsPassword() {
        assertThatThrownBy(() -> new Socks5Client(withPassword.address()).connect("127.0.0.1", echo.port(), TIMEOUT))
                .isInstanceOf(Socks5Exception.class)
                .hasMessageContaining("accepts none of the offered authentication methods (no authentication)");
    }

    @Test
    void reportsTargetRefusingTheProxy() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, echo.ipv4().getAddress())) {
            closedPort = probe.getLocalPort();
        }
        assertThatThrownBy(() -> new Socks5Client(open.address()).connect("127.0.0.1", closedPort, TIMEOUT))
                .isInstanceOfSatisfying(Socks5Exception.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(0x05);
                    assertThat(e).hasMessageEndingWith(
                            "could not connect to 127.0.0.1:" + closedPort + ": connection refused (REP 0x05)");
                });
    }

    @Test
    void oneClientServesConcurrentConnects() throws Exception {
        Socks5Client client = new Socks5Client(open.address());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String host = i % 2 == 0 ? "localhost" : "127.0.0.1";
                String text = "connection " + i;
                results.add(pool.submit(() -> {
                    try (Socket s = client.connect(host, echo.port(), TIMEOUT)) {
                        assertEchoes(s, text);
                    }
                    return null;
                }));
            }
            for (Future<Void> result : results) {
                result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fixtureNamesThePackageWhenTheBinaryIsMissing(@TempDir Path empty) {
        assertThatThrownBy(() -> Socks5ServerFixture.locate(List.of(empty)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not found in [" + empty + "]")
                .hasMessageEndingWith("apt-get install -y microsocks");
    }

    private static void assertEchoes(Socket s, String text) throws IOException {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(sent);
        s.getOutputStream().flush();
        s.setSoTimeout((int) TIMEOUT.toMillis()); // a test guard only: a broken relay fails instead of hanging
        InputStream in = s.getInputStream();
        assertThat(in.readNBytes(sent.length)).isEqualTo(sent);
        s.shutdownOutput();
        assertThat(in.read()).as("nothing after the echo").isEqualTo(-1);
    }
}
