package io.peercensus.net;

import io.peercensus.address.AddressScope;
import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Opens TCP connections to peers, enforcing the address guard: private, loopback, link-local,
 * multicast and reserved addresses are refused unless explicitly allowed; Tor and I2P peers are
 * reached only through a SOCKS5 proxy, by name; CJDNS peers are never dialed.
 *
 * <p>Immutable and thread-safe.
 */
public final class Dialer {
    private final boolean allowPrivateAddresses;
    private final boolean loopbackOnly;
    private final InetSocketAddress proxy;

    /**
     * A dialer of public addresses, or also of non-public ones when allowed.
     *
     * @param allowPrivateAddresses whether non-public IP addresses may be dialed
     * @param proxy the SOCKS5 proxy for Tor and I2P, or {@code null}
     */
    public Dialer(boolean allowPrivateAddresses, InetSocketAddress proxy) {
        this(allowPrivateAddresses, false, proxy);
    }

    private Dialer(boolean allowPrivateAddresses, boolean loopbackOnly, InetSocketAddress proxy) {
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.loopbackOnly = loopbackOnly;
        this.proxy = proxy;
    }

    /**
     * A dialer of loopback addresses only (127.0.0.0/8, ::1), and of Tor and I2P through {@code proxy}:
     * for tests, simulated networks and demos, which must never reach off the machine.
     */
    public static Dialer loopbackOnly(InetSocketAddress proxy) {
        return new Dialer(true, true, proxy);
    }

    /** Why {@code endpoint} must not be dialed, or empty when it may be. */
    public Optional<String> refusal(Endpoint endpoint) {
        switch (endpoint.address().type()) {
            case IPV4:
            case IPV6:
                if (loopbackOnly && endpoint.address().scope() != AddressScope.LOOPBACK) {
                    return Optional.of("not dialed: not a loopback address (loopback-only crawl)");
                }
                if (!allowPrivateAddresses && !endpoint.address().isPublic()) {
                    return Optional.of("not dialed: " + scopeName(endpoint) + " address (allowPrivateAddresses is off)");
                }
                if (endpoint.port() == 0) {
                    return Optional.of("not dialed: port 0");
                }
                return Optional.empty();
            case TORV2:
            case TORV3:
            case I2P:
                return proxy == null
                        ? Optional.of("not dialed: " + endpoint.address().type().name().toLowerCase(java.util.Locale.ROOT)
                                + " address and no SOCKS5 proxy set")
                        : Optional.empty();
            case CJDNS:
                return Optional.of("not dialed: cjdns address");
            default:
                throw new AssertionError(endpoint.address().type());
        }
    }

    /** Whether {@code endpoint} may be dialed. */
    public boolean mayDial(Endpoint endpoint) {
        return refusal(endpoint).isEmpty();
    }

    /**
     * Connects to {@code endpoint} within {@code timeout}: directly, or through the proxy for Tor and I2P.
     *
     * @throws IllegalStateException when the guard forbids the endpoint (callers check {@link #mayDial} first)
     * @throws IOException when the connection fails; {@link Socks5Exception} when the proxy fails
     */
    public Socket connect(Endpoint endpoint, Duration timeout) throws IOException {
        return connect(endpoint, timeout, socket -> { });
    }

    /**
     * Like {@link #connect(Endpoint, Duration)}, handing the socket to {@code created} before it
     * connects, so that another thread can close it to abort a pending connect.
     */
    public Socket connect(Endpoint endpoint, Duration timeout, Consumer<Socket> created) throws IOException {
        if (throughProxy(endpoint)) {
            Socket tunnel = tunnel(endpoint, timeout);
            created.accept(tunnel);
            return tunnel;
        }
        Socket socket = new Socket();
        try {
            created.accept(socket);
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(endpoint.address().toInetAddress(), endpoint.port()),
                    (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Starts a non-blocking connection to {@code endpoint}, for callers that run many conversations on one
     * {@link java.nio.channels.Selector}. A direct connection is only begun: the channel may still be connecting
     * ({@link SocketChannel#finishConnect()}), and the caller bounds the wait. Tor and I2P endpoints are connected
     * through the proxy first, blocking within {@code timeout}, and the tunnel is returned in non-blocking mode.
     *
     * @param created receives the channel before any connecting, so that another thread can close it to abort
     * @throws IllegalStateException when the guard forbids the endpoint (callers check {@link #mayDial} first)
     * @throws IOException when the connection cannot be begun; {@link Socks5Exception} when the proxy fails
     */
    public SocketChannel open(Endpoint endpoint, Duration timeout, Consumer<? super Closeable> created) throws IOException {
        if (throughProxy(endpoint)) {
            SocketChannel tunnel = tunnel(endpoint, timeout).getChannel();
            created.accept(tunnel);
            tunnel.configureBlocking(false);
            return tunnel;
        }
        // A socket of the address's own family: no dual-stack option to set, no IPv4-mapped detour.
        SocketChannel channel = SocketChannel.open(endpoint.address().type() == AddressType.IPV4
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            created.accept(channel);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            channel.connect(new InetSocketAddress(endpoint.address().toInetAddress(), endpoint.port()));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Applies the guard; true when {@code endpoint} is reached through the proxy (Tor and I2P), false when dialed
     * directly.
     *
     * @throws IllegalStateException when the guard forbids the endpoint
     */
    private boolean throughProxy(Endpoint endpoint) {
        Optional<String> refusal = refusal(endpoint);
        if (refusal.isPresent()) {
            throw new IllegalStateException(endpoint + ": " + refusal.get());
        }
        return needsProxy(endpoint);
    }

    /** Whether {@code endpoint} is one a dialer reaches only through the SOCKS5 proxy, by name: Tor and I2P. */
    public static boolean needsProxy(Endpoint endpoint) {
        AddressType type = endpoint.address().type();
        return type == AddressType.TORV2 || type == AddressType.TORV3 || type == AddressType.I2P;
    }

    private Socket tunnel(Endpoint endpoint, Duration timeout) throws IOException {
        return new Socks5Client(proxy).connect(endpoint.address().host(), endpoint.port(), timeout);
    }

    private static String scopeName(Endpoint endpoint) {
        return endpoint.address().scope().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
