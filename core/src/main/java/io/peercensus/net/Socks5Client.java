package io.peercensus.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A SOCKS5 client (RFC 1928) that opens TCP connections through a proxy with {@code CONNECT}; how the crawler
 * reaches Tor {@code .onion} and I2P peers.
 *
 * <p>Names go to the proxy as {@code DOMAINNAME} and are resolved by the proxy, never here; IPv4 and IPv6
 * literals go as addresses. Authentication is "no authentication" (method 0x00), or username/password
 * (RFC 1929, method 0x02) when credentials are given, e.g. for Tor's per-credential circuit isolation.
 *
 * <p>Every failure of the proxy is a {@link Socks5Exception}; bad arguments are an
 * {@link IllegalArgumentException} before any I/O.
 *
 * <p>Immutable and thread-safe: any number of threads may call {@link #connect} at once; each call uses its
 * own socket.
 */
public final class Socks5Client {
    private static final int VERSION = 0x05;
    private static final int CMD_CONNECT = 0x01;
    private static final int METHOD_NO_AUTHENTICATION = 0x00;
    private static final int METHOD_USERNAME_PASSWORD = 0x02;
    private static final int METHOD_NONE_ACCEPTABLE = 0xff;
    private static final int AUTH_VERSION = 0x01;

    private final InetSocketAddress proxy;
    private final String proxyName;
    private final byte[] username;
    private final byte[] password;

    /**
     * A client for a proxy that needs no authentication (Tor's and i2pd's default SOCKS ports).
     *
     * @param proxy the proxy's resolved address, e.g. {@code 127.0.0.1:9050}
     * @throws IllegalArgumentException when {@code proxy} is unresolved
     */
    public Socks5Client(InetSocketAddress proxy) {
        this(proxy, null, null);
    }

    /**
     * A client that authenticates with a username and password (RFC 1929). Tor treats each distinct pair as
     * its own circuit-isolation group ({@code IsolateSOCKSAuth}).
     *
     * @param proxy the proxy's resolved address
     * @param username 1..255 bytes of UTF-8
     * @param password 1..255 bytes of UTF-8
     * @throws IllegalArgumentException when {@code proxy} is unresolved or a credential's length is out of range
     */
    public Socks5Client(InetSocketAddress proxy, String username, String password) {
        Objects.requireNonNull(proxy, "proxy");
        if (proxy.isUnresolved()) {
            throw new IllegalArgumentException("proxy address must be resolved, got unresolved " + proxy);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("give both username and password, or neither");
        }
        this.proxy = proxy;
        this.proxyName = (proxy.getAddress() instanceof Inet6Address
                ? "[" + proxy.getAddress().getHostAddress() + "]"
                : proxy.getAddress().getHostAddress()) + ":" + proxy.getPort();
        this.username = username == null ? null : credential("username", username);
        this.password = password == null ? null : credential("password", password);
    }

    private static byte[] credential(String what, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if (b.length < 1 || b.length > 0xff) {
            throw new IllegalArgumentException("SOCKS5 " + what + " must be 1..255 bytes of UTF-8, got " + b.length);
        }
        return b;
    }

    /**
     * Connects to the proxy and asks it to {@code CONNECT} to {@code host:port}.
     *
     * @param host a domain name (sent as {@code DOMAINNAME}, never resolved locally) or an IPv4/IPv6 literal
     *     (an IPv6 literal with or without brackets)
     * @param port 0..65535
     * @param timeout bounds every wait together (connecting to the proxy, the method reply, authentication,
     *     the connect reply); positive
     * @return a socket connected through the proxy to the target, positioned at the first byte from the
     *     target, with {@code SO_TIMEOUT} 0 and {@code TCP_NODELAY} on, backed by a {@link SocketChannel}
     *     ({@link Socket#getChannel()}); the caller owns and closes it
     * @throws IllegalArgumentException on a malformed host, a name longer than 255 bytes, a bad port or a
     *     non-positive timeout, before any I/O
     * @throws Socks5Exception when the proxy cannot be reached, does not answer within {@code timeout},
     *     breaks the protocol, rejects the credentials, or sends a failure reply ({@link
     *     Socks5Exception#replyCode()})
     */
    public Socket connect(String host, int port, Duration timeout) throws IOException {
        Socks5Address target = Socks5Address.of(host, port);
        long timeoutMillis = timeoutMillis(timeout);
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Socket socket = SocketChannel.open().socket(); // channel-backed, so a caller may switch it to non-blocking
        boolean connected = false;
        try {
            try {
                socket.connect(proxy, (int) timeoutMillis);
            } catch (SocketTimeoutException e) {
                throw new Socks5Exception("cannot connect to proxy " + proxyName + ": no answer within "
                        + timeoutMillis + " ms", e);
            } catch (IOException e) {
                throw new Socks5Exception("cannot connect to proxy " + proxyName + ": " + e.getMessage(), e);
            }
            socket.setTcpNoDelay(true);
            Socks5Input in = new Socks5Input(socket, deadlineNanos, timeoutMillis, proxyName);
            OutputStream out = socket.getOutputStream();
            negotiateMethod(in, out);
            send(out, connectRequest(target), "the connect request");
            readConnectReply(in, target);
            socket.setSoTimeout(0);
            connected = true;
            return socket;
        } finally {
            if (!connected) {
                socket.close();
            }
        }
    }

    private static long timeoutMillis(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        // Socket.connect takes an int and reads 0 as "forever": keep it in 1..Integer.MAX_VALUE.
        return Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private void negotiateMethod(Socks5Input in, OutputStream out) throws Socks5Exception {
        int offered = username == null ? METHOD_NO_AUTHENTICATION : METHOD_USERNAME_PASSWORD;
        send(out, new byte[] {VERSION, 1, (byte) offered}, "the method request");
        int version = in.u8("method reply VER");
        if (version != VERSION) {
            throw in.malformed(String.format("method reply VER is 0x%02x, expected 0x05", version));
        }
        int method = in.u8("method reply METHOD");
        if (method == METHOD_NONE_ACCEPTABLE) {
            throw new Socks5Exception("proxy " + proxyName + " accepts none of the offered authentication methods ("
                    + methodName(offered) + ")", null);
        }
        if (method != offered) {
            throw in.malformed(String.format("proxy chose method 0x%02x, but only 0x%02x (%s) was offered",
                    method, offered, methodName(offered)));
        }
        if (method == METHOD_USERNAME_PASSWORD) {
            authenticate(in, out);
        }
    }

    private static String methodName(int method) {
        return method == METHOD_NO_AUTHENTICATION ? "no authentication" : "username/password";
    }

    /** RFC 1929: {@code VER=1 ULEN UNAME PLEN PASSWD}, answered by {@code VER=1 STATUS}. */
    private void authenticate(Socks5Input in, OutputStream out) throws Socks5Exception {
        ByteArrayOutputStream request = new ByteArrayOutputStream(3 + username.length + password.length);
        request.write(AUTH_VERSION);
        request.write(username.length);
        request.write(username, 0, username.length);
        request.write(password.length);
        request.write(password, 0, password.length);
        send(out, request.toByteArray(), "the username/password request");
        int version = in.u8("username/password reply VER");
        if (version != AUTH_VERSION) {
            throw in.malformed(String.format("username/password reply VER is 0x%02x, expected 0x01", version));
        }
        int status = in.u8("username/password reply STATUS");
        if (status != 0) {
            throw new Socks5Exception(String.format("proxy %s rejected the username/password (STATUS 0x%02x)",
                    proxyName, status), null);
        }
    }

    private static byte[] connectRequest(Socks5Address target) {
        ByteArrayOutputStream request = new ByteArrayOutputStream(4 + 1 + Socks5Address.MAX_DOMAIN_BYTES + 2);
        request.write(VERSION);
        request.write(CMD_CONNECT);
        request.write(0x00); // RSV
        target.write(request);
        return request.toByteArray();
    }

    /** Reads the whole reply, {@code BND.ADDR} and {@code BND.PORT} included, so none of it reaches the caller. */
    private void readConnectReply(Socks5Input in, Socks5Address target) throws Socks5Exception {
        int version = in.u8("connect reply VER");
        if (version != VERSION) {
            throw in.malformed(String.format("connect reply VER is 0x%02x, expected 0x05", version));
        }
        int reply = in.u8("connect reply REP");
        if (reply != 0) {
            throw new Socks5Exception(String.format("proxy %s could not connect to %s: %s (REP 0x%02x)",
                    proxyName, target, Socks5Exception.replyName(reply), reply), reply);
        }
        int reserved = in.u8("connect reply RSV");
        if (reserved != 0) {
            throw in.malformed(String.format("connect reply RSV is 0x%02x, expected 0x00", reserved));
        }
        Socks5Address.read(in, "BND"); // where the proxy connected from: of no use to a CONNECT client
    }

    private void send(OutputStream out, byte[] bytes, String what) throws Socks5Exception {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new Socks5Exception("lost the connection to proxy " + proxyName + " while sending " + what + ": "
                    + e.getMessage(), e);
        }
    }

    /** The proxy's address, without credentials. */
    @Override
    public String toString() {
        return "Socks5Client[" + proxyName + (username == null ? "" : ", username/password") + "]";
    }
}
