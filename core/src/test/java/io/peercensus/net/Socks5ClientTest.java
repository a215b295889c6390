package io.peercensus.net;

import static io.peercensus.net.FakeSocks5Proxy.awaitClose;
import static io.peercensus.net.FakeSocks5Proxy.bytes;
import static io.peercensus.net.FakeSocks5Proxy.read;
import static io.peercensus.net.FakeSocks5Proxy.readRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Socks5Client} against a scripted fake proxy: exact request bytes, every reply code, broken proxies. */
class Socks5ClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Short, for proxies that never answer; the assertion is on the exception, not on elapsed time. */
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final String ONION = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion";
    private static final byte[] METHOD_OK = bytes(0x05, 0x00);
    private static final byte[] CONNECT_OK = bytes(0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0x1f, 0x90);

    @Test
    void sendsOnionNameAsDomainnameWithExactBytes() throws Exception {
        assertThat(ONION).hasSize(62); // 56 base32 characters + ".onion"
        AtomicReference<byte[]> greeting = new AtomicReference<>();
        AtomicReference<byte[]> request = new AtomicReference<>();
        try (FakeSocks5Proxy proxy = new FakeSocks5Proxy((in, out) -> {
                greeting.set(read(in, 3));
                out.write(METHOD_OK);
                request.set(readRequest(in));
                out.write(concat(CONNECT_OK, ascii("from the onion")));
                awaitClose(in);
            });
             Socket s = new Socks5Client(proxy.address()).connect(ONION, 8333, TIMEOUT)) {
            assertThat(tunnel(s, 14)).isEqualTo(ascii("from the onion"));
            assertThat(greeting.get()).isEqualTo(bytes(0x05, 0x01, 0x00));
            assertThat(request.get()).isEqualTo(concat(bytes(0x05, 0x01, 0x00, 0x03, 62), ascii(ONION),
                    bytes(0x20, 0x8d)));
        }
    }

    @Test
    void sendsI2pNameWithPortZero() throws Exception {
        String i2p = "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p";
        assertThat(request(i2p, 0)).isEqualTo(concat(bytes(0x05, 0x01, 0x00, 0x03, 60), ascii(i2p), bytes(0, 0)));
    }

    @Test
    void sendsNameOfExactly255Bytes() throws Exception {
        String name = "a".repeat(251) + ".i2p";
        assertThat(request(name, 65535)).isEqualTo(concat(bytes(0x05, 0x01, 0x00, 0x03, 255), ascii(name),
                bytes(0xff, 0xff)));
    }

    @Test
    void sendsIpv4LiteralAsIpv4Address() throws Exception {
        assertThat(request("192.0.2.7", 8333))
                .isEqualTo(bytes(0x05, 0x01, 0x00, 0x01, 192, 0, 2, 7, 0x20, 0x8d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "[2001:db8::1]"})
    void sendsIpv6LiteralAsIpv6Address(String host) throws Exception {
        assertThat(request(host, 18444)).isEqualTo(bytes(0x05, 0x01, 0x00, 0x04,
                0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x48, 0x0c));
    }

    @Test
    void sendsUsernameAndPasswordPerRfc1929() throws Exception {
        AtomicReference<byte[]> greeting = new AtomicReference<>();
        AtomicReference<byte[]> auth = new AtomicReference<>();
        try (FakeSocks5Proxy proxy = new FakeSocks5Proxy((in, out) -> {
                greeting.set(read(in, 3));
                out.write(bytes(0x05, 0x02));
                auth.set(read(in, 1 + 1 + 7 + 1 + 3));
                out.write(bytes(0x01, 0x00));
                readRequest(in);
                out.write(CONNECT_OK);
                awaitClose(in);
            });
             Socket s = new Socks5Client(proxy.address(), "crawler", "pw1").connect(ONION, 8333, TIMEOUT)) {
            assertThat(s.isConnected()).isTrue();
        }
        assertThat(greeting.get()).isEqualTo(bytes(0x05, 0x01, 0x02));
        assertThat(auth.get()).isEqualTo(concat(bytes(0x01, 7), ascii("crawler"), bytes(3), ascii("pw1")));
    }

    @Test
    void reportsRejectedPassword() throws Exception {
        try (FakeSocks5Proxy proxy = new FakeSocks5Proxy((in, out) -> {
            read(in, 3);
            out.write(bytes(0x05, 0x02));
            read(in, 1 + 1 + 7 + 1 + 3);
            out.write(bytes(0x01, 0x01));
            awaitClose(in);
        })) {
            assertThatThrownBy(() -> new Socks5Client(proxy.address(), "crawler", "pw1").connect(ONION, 8333, TIMEOUT))
                    .isInstanceOf(Socks5Exception.class)
                    .hasMessage("proxy " + proxy.name() + " rejected the username/password (STATUS 0x01)");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0x01, general failure",
        "0x02, connection not allowed",
        "0x03, network unreachable",
        "0x04, host unreachable",
        "0x05, connection refused",
        "0x06, TTL expired",
        "0x07, command not supported",
        "0x08, address type not supported",
        "0x0a, unassigned 0x0a",
        "0xf0, onion service descriptor not found",
        "0xf6, invalid onion service address",
    })
    void reportsFailureReplyByName(String hex, String name) throws Exception {
        int code = Integer.decode(hex);
        try (FakeSocks5Proxy proxy = replying(METHOD_OK, bytes(0x05, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0))) {
            assertThatThrownBy(() -> new Socks5Client(proxy.address()).connect(ONION, 8333, TIMEOUT))
                    .isInstanceOfSatisfying(Socks5Exception.class, e -> assertThat(e.replyCode()).isEqualTo(code))
                    .hasMessage("proxy %s could not connect to %s:8333: %s (REP %s)", proxy.name(), ONION, name, hex);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4", "ipv6", "domain"})
    void readsWholeReplySoNoProxyByteLeaksIntoTheTunnel(String boundType) throws Exception {
        byte[] bound = switch (boundType) {
            case "ipv4" -> bytes(0x01, 10, 0, 0, 1);
            case "ipv6" -> concat(bytes(0x04), new byte[15], bytes(1));
            default -> concat(bytes(0x03, 13), ascii("proxy.example"));
        };
        byte[] reply = concat(bytes(0x05, 0x00, 0x00), bound, bytes(0xc3, 0x50), ascii("first bytes of peer"));
        try (FakeSocks5Proxy proxy = replying(METHOD_OK, reply);
             Socket s = new Socks5Client(proxy.address()).connect(ONION, 8333, TIMEOUT)) {
            assertThat(tunnel(s, 19)).isEqualTo(ascii("first bytes of peer"));
        }
    }

    @Test
    void readsReplyArrivingOneByteAtATime() throws Exception {
        byte[] reply = concat(METHOD_OK, concat(bytes(0x05, 0x00, 0x00, 0x03, 3), ascii("abc"), bytes(0, 80)),
                ascii("tunnel"));
        try (FakeSocks5Proxy proxy = new FakeSocks5Proxy((in, out) -> {
                read(in, 3);
                out.write(reply[0]);
                out.flush();
                out.write(reply[1]);
                out.flush();
                readRequest(in);
                for (int i = 2; i < reply.length; i++) {
                    out.write(reply[i]);
                    out.flush();
                }
                awaitClose(in);
            });
             Socket s = new Socks5Client(proxy.address()).connect("example.org", 80, TIMEOUT)) {
            assertThat(tunnel(s, 6)).isEqualTo(ascii("tunnel"));
        }
    }

    @Test
    void reportsProxyThatNeverAnswersTheGreeting() throws Exception {
        try (FakeSocks5Proxy proxy = new FakeSocks5Proxy((in, out) -> {
            read(in, 3);
            awaitClose(in);
        })) {
            assertThatThrownBy(() -> new Socks5Client(proxy.address()).connect(ONION, 8333, SHORT))
                    .isInstanceOfSatisfying(Socks5Exception.class, e -> {
                        assertThat(e.replyCode()).isEqualTo(Socks5Exception.NO_REPLY_CODE);
                        assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
                    })
                    .hasMessage("proxy did not answer within 300 ms: " + proxy.name() + " still owed method reply VER");
        }
    }

    @Test
    void reportsProxyThatNeverAnswersTheConnectRequest() throws Exception {
        try (FakeSocks5Proxy proxy = new FakeSocks5Proxy((in, out) -> {
            read(in, 3);
            out.write(METHOD_OK);
            readRequest(in);
            awaitClose(in);
        })) {
            assertThatThrownBy(() -> new Socks5Client(proxy.address()).connect(ONION, 8333, SHORT))
                    .isInstanceOf(Socks5Exception.class)
                    .hasMessage("proxy did not answer within 300 ms: " + proxy.name() + " still owed connect reply VER");
        }
    }

    @Test
    void reportsProxyClosingMidReply() throws Exception {
        try (FakeSocks5Proxy proxy = replying(METHOD_OK, bytes(0x05, 0x00, 0x00, 0x01, 127, 0))) {
            assertThatThrownBy(() -> new Socks5Client(proxy.address()).connect(ONION, 8333, TIMEOUT))
                    .isInstanceOf(Socks5Exception.class)
                    .hasMessage("proxy " + proxy.name()
                            + " closed the connection: expected BND.ADDR IPv4 address (4 bytes), got 2");
        }
    }

    @Test
    void reportsProxyClosingBeforeTheMethodReply() throws Exception {
        try (FakeSocks5Proxy proxy = new FakeSocks5Proxy((in, out) -> read(in, 3))) {
            assertThatThrownBy(() -> new Socks5Client(proxy.address()).connect(ONION, 8333, TIMEOUT))
                    .isInstanceOf(Socks5Exception.class)
                    .hasMessage("proxy " + proxy.name() + " closed the connection: expected method reply VER (1 byte), got 0");
        }
    }

    @Test
    void rejectsBadVersionInMethodReply() throws Exception {
        assertMalformed(bytes(0x04, 0x00), null, "method reply VER is 0x04, expected 0x05");
    }

    @Test
    void rejectsMethodThatWasNotOffered() throws Exception {
        assertMalformed(bytes(0x05, 0x02), null, "proxy chose method 0x02, but only 0x00 (no authentication) was offered");
    }

    @Test
    void rejectsBadVersionInConnectReply() throws Exception {
        assertMalformed(METHOD_OK, bytes(0x04, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0),
                "connect reply VER is 0x04, expected 0x05");
    }

    @Test
    void rejectsNonZeroReservedByte() throws Exception {
        assertMalformed(METHOD_OK, bytes(0x05, 0x00, 0x01, 0x01, 0, 0, 0, 0, 0, 0),
                "connect reply RSV is 0x01, expected 0x00");
    }

    @Test
    void rejectsUnknownBoundAddressType() throws Exception {
        assertMalformed(METHOD_OK, bytes(0x05, 0x00, 0x00, 0x02, 0, 0, 0, 0, 0, 0),
                "BND ATYP is 0x02, expected 0x01, 0x03 or 0x04");
    }

    @Test
    void rejectsEmptyBoundDomain() throws Exception {
        assertMalformed(METHOD_OK, bytes(0x05, 0x00, 0x00, 0x03, 0, 0, 0),
                "BND.ADDR domain length is 0, expected 1..255");
    }

    @Test
    void rejectsBoundDomainLongerThanTheReply() throws Exception {
        byte[] reply = concat(bytes(0x05, 0x00, 0x00, 0x03, 255), ascii("x".repeat(40)));
        try (FakeSocks5Proxy proxy = replying(METHOD_OK, reply)) {
            assertThatThrownBy(() -> new Socks5Client(proxy.address()).connect(ONION, 8333, TIMEOUT))
                    .isInstanceOf(Socks5Exception.class)
                    .hasMessage("proxy " + proxy.name()
                            + " closed the connection: expected BND.ADDR domain (255 bytes), got 40");
        }
    }

    @Test
    void reportsNoAcceptableMethod() throws Exception {
        try (FakeSocks5Proxy proxy = replying(bytes(0x05, 0xff), null)) {
            assertThatThrownBy(() -> new Socks5Client(proxy.address()).connect(ONION, 8333, TIMEOUT))
                    .isInstanceOf(Socks5Exception.class)
                    .hasMessage("proxy " + proxy.name()
                            + " accepts none of the offered authentication methods (no authentication)");
        }
    }

    @Test
    void reportsRefusedProxyPort() throws Exception {
        int port = closedLoopbackPort();
        InetSocketAddress proxy = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        assertThatThrownBy(() -> new Socks5Client(proxy).connect(ONION, 8333, TIMEOUT))
                .isInstanceOfSatisfying(Socks5Exception.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(Socks5Exception.NO_REPLY_CODE);
                    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                })
                .hasMessageStartingWith("cannot connect to proxy 127.0.0.1:" + port + ": ");
    }

    @Test
    void rejectsNameLongerThan255BytesBeforeAnyIo() throws Exception {
        // The proxy port is closed: any I/O would end in a Socks5Exception, not this.
        InetSocketAddress proxy = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), closedLoopbackPort());
        String name = "a".repeat(252) + ".i2p";
        assertThatThrownBy(() -> new Socks5Client(proxy).connect(name, 8333, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("domain name too long for SOCKS5: 256 bytes, at most 255");
    }

    @Test
    void rejectsBadPortTimeoutAndCredentials() throws Exception {
        InetSocketAddress proxy = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), closedLoopbackPort());
        Socks5Client client = new Socks5Client(proxy);
        assertThatThrownBy(() -> client.connect(ONION, 65536, TIMEOUT)).hasMessage("port must be 0..65535, got 65536");
        assertThatThrownBy(() -> client.connect("999.1.1.1", 1, TIMEOUT))
                .hasMessage("not an IPv4 address: '999.1.1.1' (part '999')");
        assertThatThrownBy(() -> client.connect(ONION, 1, Duration.ZERO)).hasMessage("timeout must be positive, got PT0S");
        assertThatThrownBy(() -> new Socks5Client(proxy, "", "x"))
                .hasMessage("SOCKS5 username must be 1..255 bytes of UTF-8, got 0");
        assertThatThrownBy(() -> new Socks5Client(proxy, "u", "p".repeat(256)))
                .hasMessage("SOCKS5 password must be 1..255 bytes of UTF-8, got 256");
        assertThatThrownBy(() -> new Socks5Client(InetSocketAddress.createUnresolved("tor", 9050)))
                .hasMessage("proxy address must be resolved, got unresolved tor/<unresolved>:9050");
    }

    @Test
    void keepsCredentialsOutOfToString() throws Exception {
        InetSocketAddress proxy = new InetSocketAddress(InetAddress.getByName("::1"), 9050);
        assertThat(new Socks5Client(proxy, "user", "secret")).hasToString("Socks5Client[[0:0:0:0:0:0:0:1]:9050, username/password]");
    }

    /** The CONNECT request the client sends for {@code host:port}, captured by a fake proxy that accepts it. */
    private static byte[] request(String host, int port) throws Exception {
        AtomicReference<byte[]> request = new AtomicReference<>();
        try (FakeSocks5Proxy proxy = new FakeSocks5Proxy((in, out) -> {
                read(in, 3);
                out.write(METHOD_OK);
                request.set(readRequest(in));
                out.write(CONNECT_OK);
                awaitClose(in);
            });
             Socket s = new Socks5Client(proxy.address()).connect(host, port, TIMEOUT)) {
            assertThat(s.isConnected()).isTrue();
        }
        return request.get();
    }

    /** A proxy that answers the greeting with {@code methodReply} and, if not null, the request with {@code connectReply}. */
    private static FakeSocks5Proxy replying(byte[] methodReply, byte[] connectReply) throws IOException {
        return new FakeSocks5Proxy((in, out) -> {
            read(in, 3);
            out.write(methodReply);
            if (connectReply != null) {
                readRequest(in);
                out.write(connectReply);
            }
            // Returning closes the connection: a client still reading sees the reply cut short.
        });
    }

    private static void assertMalformed(byte[] methodReply, byte[] connectReply, String detail) throws Exception {
        try (FakeSocks5Proxy proxy = new FakeSocks5Proxy((in, out) -> {
            read(in, 3);
            out.write(methodReply);
            if (connectReply != null) {
                readRequest(in);
                out.write(connectReply);
            }
            awaitClose(in);
        })) {
            assertThatThrownBy(() -> new Socks5Client(proxy.address()).connect(ONION, 8333, TIMEOUT))
                    .isInstanceOfSatisfying(Socks5Exception.class,
                            e -> assertThat(e.replyCode()).isEqualTo(Socks5Exception.NO_REPLY_CODE))
                    .hasMessage("malformed reply from proxy " + proxy.name() + ": " + detail);
        }
    }

    /** The first {@code n} bytes the caller sees after the handshake; the read timeout only keeps a broken client from hanging the test. */
    private static byte[] tunnel(Socket s, int n) throws IOException {
        assertThat(s.getSoTimeout()).as("SO_TIMEOUT of the returned socket").isZero();
        s.setSoTimeout((int) TIMEOUT.toMillis());
        return s.getInputStream().readNBytes(n);
    }

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

}
