package io.peercensus;

import io.peercensus.net.Socks5Exception;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * The short class of an {@link PeerStatus#UNREACHABLE} observation's error.
 *
 * <p>Immutable and thread-safe.
 */
public enum ErrorClass {
    /** A connect, read or whole-conversation deadline passed. */
    TIMEOUT,
    /** The peer refused the connection (nobody listens), or no route to it. */
    REFUSED,
    /** The peer closed or reset the connection before the conversation ended. */
    RESET,
    /** The cryptographic or version handshake failed. */
    HANDSHAKE,
    /** The peer broke the wire protocol: bad magic, bad checksum, a cap exceeded, a malformed message. */
    PROTOCOL,
    /** The SOCKS5 proxy failed, refused, or could not reach the target. */
    PROXY;

    /** The lower-case name used as the prefix of the {@code error} field: {@code timeout}, {@code refused}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The class an I/O failure of a dial or conversation belongs to.
     *
     * @param e what the socket threw
     */
    public static ErrorClass of(IOException e) {
        if (e instanceof Socks5Exception) {
            return PROXY;
        }
        if (e instanceof SocketTimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return REFUSED;
        }
        return RESET; // EOFException, "Connection reset", "Broken pipe", a socket closed under us
    }

    /**
     * The class with the given label.
     *
     * @throws IllegalArgumentException when the label is not one of the six
     */
    public static ErrorClass ofLabel(String label) {
        for (ErrorClass c : values()) {
            if (c.label().equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown error class '" + label + "'");
    }
}
