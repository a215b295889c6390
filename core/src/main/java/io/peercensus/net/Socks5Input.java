package io.peercensus.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * Reads a proxy's replies byte-exactly (never buffering past the reply, so no proxy byte leaks into the
 * tunnelled stream), every read bounded by one overall deadline.
 *
 * <p>Every failure is a {@link Socks5Exception}: end of stream says which field was cut short and how many
 * of its bytes arrived; a passed deadline says "proxy did not answer within N ms".
 *
 * <p>Not thread-safe: one instance per proxy conversation.
 */
final class Socks5Input {
    private final Socket socket;
    private final InputStream in;
    private final long deadlineNanos;
    private final long timeoutMillis;
    private final String proxyName;

    Socks5Input(Socket socket, long deadlineNanos, long timeoutMillis, String proxyName) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadlineNanos = deadlineNanos;
        this.timeoutMillis = timeoutMillis;
        this.proxyName = proxyName;
    }

    /** One unsigned byte of the field {@code what} (e.g. "connect reply VER"). */
    int u8(String what) throws Socks5Exception {
        return bytes(1, what)[0] & 0xff;
    }

    /** Two bytes, big-endian, as an unsigned value. */
    int u16(String what) throws Socks5Exception {
        byte[] b = bytes(2, what);
        return (b[0] & 0xff) << 8 | (b[1] & 0xff);
    }

    /** Exactly {@code length} bytes (the caller has capped {@code length}; at most 255 here). */
    byte[] bytes(int length, String what) throws Socks5Exception {
        if (length < 0 || length > 0xff) {
            throw new IllegalArgumentException("field length must be 0..255, got " + length);
        }
        byte[] b = new byte[length];
        int got = 0;
        while (got < length) {
            int n;
            try {
                socket.setSoTimeout(remainingMillis(what));
                n = in.read(b, got, length - got);
            } catch (SocketTimeoutException e) {
                throw timedOut(what, e);
            } catch (IOException e) {
                throw new Socks5Exception("lost the connection to proxy " + proxyName + " while reading "
                        + what + ": " + e.getMessage(), e);
            }
            if (n < 0) {
                throw new Socks5Exception("proxy " + proxyName + " closed the connection: expected " + what
                        + " (" + length + (length == 1 ? " byte" : " bytes") + "), got " + got, null);
            }
            got += n;
        }
        return b;
    }

    /** A protocol violation by the proxy; {@code detail} says what was expected and what arrived. */
    Socks5Exception malformed(String detail) {
        return new Socks5Exception("malformed reply from proxy " + proxyName + ": " + detail, null);
    }

    private int remainingMillis(String what) throws Socks5Exception {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(what, null);
        }
        // Round up so a sub-millisecond remainder still waits (SO_TIMEOUT 0 would mean forever).
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999)));
    }

    private Socks5Exception timedOut(String what, Throwable cause) {
        return new Socks5Exception("proxy did not answer within " + timeoutMillis + " ms: " + proxyName
                + " still owed " + what, cause);
    }
}
