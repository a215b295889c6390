package io.peercensus.address;

import static io.peercensus.address.AddressFormatException.quote;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An address and a port: where a peer listens. Its {@link #canonical()} text is the Bitcoin peer ID
 * ({@code 1.2.3.4:8333}, {@code [2001:db8::1]:8333}, {@code <56>.onion:8333}, {@code <52>.b32.i2p:0})
 * and {@link #parse(String)} reads it back; {@link #multiaddr()} is the form of the {@code addresses}
 * field.
 *
 * <p>Immutable and thread-safe.
 *
 * @param address the address
 * @param port the TCP port, 0..65535 (I2P peers use 0, as BIP155 asks for networks without ports)
 */
public record Endpoint(NetAddress address, int port) {

    /** The largest port. */
    public static final int MAX_PORT = 65_535;

    /**
     * An endpoint.
     *
     * @throws AddressFormatException when {@code port} is outside 0..65535
     */
    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > MAX_PORT) {
            throw new AddressFormatException("port " + port + " is out of range 0.." + MAX_PORT);
        }
    }

    /**
     * The endpoint of {@code socketAddress}: its IP address when resolved, else its host text parsed by
     * {@link NetAddress#parse} (never resolved here).
     */
    public static Endpoint of(InetSocketAddress socketAddress) {
        NetAddress address = socketAddress.isUnresolved()
                ? NetAddress.parse(socketAddress.getHostString())
                : NetAddress.of(socketAddress.getAddress());
        return new Endpoint(address, socketAddress.getPort());
    }

    /**
     * The {@link InetSocketAddress} of an IPv4, IPv6 or CJDNS endpoint (no lookup).
     *
     * @throws IllegalStateException for Tor and I2P
     */
    public InetSocketAddress toInetSocketAddress() {
        return new InetSocketAddress(address.toInetAddress(), port);
    }

    /**
     * The Bitcoin peer ID: {@code host:port}, with IPv6 and CJDNS hosts in brackets
     * ({@code [2001:db8::1]:8333}).
     */
    public String canonical() {
        return switch (address.type()) {
            case IPV6, CJDNS -> "[" + address.host() + "]:" + port;
            case IPV4, TORV2, TORV3, I2P -> address.host() + ":" + port;
        };
    }

    /**
     * The multiaddr text: {@code /ip4/1.2.3.4/tcp/8333}, {@code /ip6/2001:db8::1/tcp/8333} (CJDNS too),
     * {@code /onion/<16>:8333}, {@code /onion3/<56>:8333}, or {@code /garlic32/<52>} (I2P has no port).
     */
    public String multiaddr() {
        return switch (address.type()) {
            case IPV4 -> "/ip4/" + address.host() + "/tcp/" + port;
            case IPV6, CJDNS -> "/ip6/" + address.host() + "/tcp/" + port;
            case TORV2 -> "/onion/" + withoutSuffix(OnionAddress.SUFFIX) + ":" + port;
            case TORV3 -> "/onion3/" + withoutSuffix(OnionAddress.SUFFIX) + ":" + port;
            case I2P -> "/garlic32/" + withoutSuffix(I2pAddress.SUFFIX);
        };
    }

    private String withoutSuffix(String suffix) {
        String host = address.host();
        return host.substring(0, host.length() - suffix.length());
    }

    /**
     * The endpoint written as {@link #canonical()} writes it: {@code host:port}, with an IPv6 host in
     * brackets. Never resolves a hostname. CJDNS endpoints come back as IPv6 (see
     * {@link NetAddress#toCjdns()}).
     *
     * @throws AddressFormatException naming the endpoint and what is wrong: a missing port, a port out
     *     of range, a bad host
     */
    public static Endpoint parse(String hostPort) {
        Objects.requireNonNull(hostPort, "hostPort");
        String hostText;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new AddressFormatException("endpoint " + quote(hostPort) + ": missing ']'");
            }
            hostText = hostPort.substring(0, close + 1);
            if (close + 1 == hostPort.length()) {
                throw new AddressFormatException("endpoint " + quote(hostPort) + ": missing port");
            }
            if (hostPort.charAt(close + 1) != ':') {
                throw new AddressFormatException("endpoint " + quote(hostPort) + ": expected ':' and a port after ']'");
            }
            portText = hostPort.substring(close + 2);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new AddressFormatException("endpoint " + quote(hostPort) + ": missing port");
            }
            hostText = hostPort.substring(0, colon);
            if (hostText.indexOf(':') >= 0) {
                throw new AddressFormatException("endpoint " + quote(hostPort)
                        + ": an IPv6 host must be in brackets, as in [2001:db8::1]:8333");
            }
            portText = hostPort.substring(colon + 1);
        }
        if (hostText.isEmpty()) {
            throw new AddressFormatException("endpoint " + quote(hostPort) + ": missing host");
        }
        int port = parsePort(hostPort, portText);
        try {
            return new Endpoint(NetAddress.parse(hostText), port);
        } catch (AddressFormatException e) {
            throw new AddressFormatException("endpoint " + quote(hostPort) + ": " + e.getMessage(), e);
        }
    }

    private static int parsePort(String hostPort, String text) {
        if (text.isEmpty()) {
            throw new AddressFormatException("endpoint " + quote(hostPort) + ": missing port");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new AddressFormatException("endpoint " + quote(hostPort) + ": port " + quote(text)
                        + " is not a decimal number");
            }
        }
        long value = text.length() > 9 ? Long.MAX_VALUE : Long.parseLong(text);
        if (value > MAX_PORT) {
            throw new AddressFormatException("endpoint " + quote(hostPort) + ": port "
                    + AddressFormatException.escape(text) + " is out of range 0.." + MAX_PORT);
        }
        return (int) value;
    }

    /** {@link #canonical()}. */
    @Override
    public String toString() {
        return canonical();
    }
}
