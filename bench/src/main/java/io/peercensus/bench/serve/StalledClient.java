package io.peercensus.bench.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client that asks for {@code GET /peers} and never reads a byte, so that first the kernel's socket buffers and
 * then its queue in the service fill up. Not thread-safe.
 */
final class StalledClient implements AutoCloseable {
    private final Socket socket;

    private StalledClient(Socket socket) {
        this.socket = socket;
    }

    /**
     * Connects and sends the request.
     *
     * @param receiveBuffer the socket's SO_RCVBUF in bytes, set before connecting (so it also bounds the TCP window);
     *     0 leaves the system default
     */
    static StalledClient connect(InetSocketAddress server, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(server, 10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /peers HTTP/1.1\r\nHost: " + server.getHostString() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new StalledClient(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The receive buffer the socket reports having (SO_RCVBUF as read back). */
    int receiveBuffer() throws IOException {
        return socket.getReceiveBufferSize();
    }

    /** Closes the connection at once, unread bytes and all. */
    @Override
    public void close() throws IOException {
        socket.setSoLinger(true, 0); // reset rather than linger: the server's writer, if still blocked, fails at once
        socket.close();
    }
}
