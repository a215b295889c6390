package io.peercensus.btc.internal.seed;

import io.peercensus.address.AddressFormatException;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * One seed as the user wrote it: an address literal ({@code 1.2.3.4}, {@code 1.2.3.4:8333}, {@code [2001:db8::1]:8333},
 * a bare IPv6 address, {@code <name>.onion[:port]}, {@code <name>.b32.i2p[:port]}) that needs no DNS, or a host name
 * with an optional port that does. A missing port is the network's default.
 *
 * <p>Immutable and thread-safe.
 *
 * @param endpoint the endpoint of a literal, or null for a host name
 * @param host the host name to resolve (lower case, without a trailing dot), or null for a literal
 * @param port the port: the literal's, or the one to pair with the name's addresses
 */
public record SeedSpec(Endpoint endpoint, String host, int port) {
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    /** A seed; exactly one of {@code endpoint} and {@code host} is set. */
    public SeedSpec {
        if ((endpoint == null) == (host == null)) {
            throw new IllegalArgumentException("a seed is either an endpoint or a host name");
        }
    }

    /** Whether this seed needs a DNS lookup. */
    public boolean isName() {
        return host != null;
    }

    /**
     * Parses {@code text}; never resolves anything.
     *
     * @throws IllegalArgumentException with a one-line message naming the seed and what is wrong
     */
    public static SeedSpec parse(String text, int defaultPort) {
        Objects.requireNonNull(text, "text");
        String seed = text.strip();
        if (seed.isEmpty()) {
            throw new IllegalArgumentException("seed is empty: give host:port, [IPv6]:port, an IP address or a DNS name");
        }
        try {
            String hostText;
            String portText = null;
            boolean bracketed = seed.startsWith("[");
            if (bracketed) {
                int close = seed.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("missing ']' after the IPv6 address");
                }
                hostText = seed.substring(0, close + 1);
                String rest = seed.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (rest.charAt(0) != ':') {
                        throw new IllegalArgumentException("expected ':' and a port after ']'");
                    }
                    portText = rest.substring(1);
                }
            } else {
                int colon = seed.indexOf(':');
                if (colon >= 0 && seed.indexOf(':', colon + 1) < 0) {
                    hostText = seed.substring(0, colon);
                    portText = seed.substring(colon + 1);
                } else {
                    hostText = seed; // no port, or a bare IPv6 address (which cannot carry one)
                }
            }
            int port = portText == null ? defaultPort : port(portText);
            if (bracketed || hostText.indexOf(':') >= 0 || looksLikeLiteral(hostText)) {
                return new SeedSpec(new Endpoint(NetAddress.parse(hostText), port), null, port);
            }
            return new SeedSpec(null, hostName(hostText), port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("seed " + AddressFormatException.quote(seed) + ": " + e.getMessage(), e);
        }
    }

    /** IP literals are digits and dots; Tor and I2P names end in .onion and .i2p. Everything else is a DNS name. */
    private static boolean looksLikeLiteral(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))
                || lower.endsWith(".onion") || lower.endsWith(".i2p");
    }

    private static int port(String text) {
        if (text.isEmpty()) {
            throw new AddressFormatException("missing port after ':'");
        }
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new AddressFormatException("port " + AddressFormatException.quote(text) + " is not a decimal number");
        }
        long value = text.length() > 9 ? Long.MAX_VALUE : Long.parseLong(text);
        if (value > Endpoint.MAX_PORT) {
            throw new AddressFormatException("port " + AddressFormatException.quote(text) + " is out of range 0.." + Endpoint.MAX_PORT);
        }
        return (int) value;
    }

    /** Checks {@code host} is a DNS name: labels of letters, digits, '-' and '_', 1..63 characters, 253 in all. */
    private static String hostName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("host name must be 1.." + MAX_NAME_LENGTH + " characters, got "
                    + name.length());
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("not an IP address or a DNS name: each dot-separated label must be"
                        + " 1.." + MAX_LABEL_LENGTH + " characters");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_';
                if (!ok) {
                    throw new IllegalArgumentException("not an IP address or a DNS name: character "
                            + AddressFormatException.quote(String.valueOf(c)) + " is not allowed in a host name");
                }
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

}
