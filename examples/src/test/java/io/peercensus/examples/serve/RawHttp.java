package io.peercensus.examples.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client over one socket, for what {@link java.net.http.HttpClient} will not send or show: partial
 * requests, bare LF, huge headers, the chunked body's last chunk. Not thread-safe.
 */
final class RawHttp implements AutoCloseable {
    final Socket socket;

    RawHttp(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
    }

    /** Sends {@code text} as ASCII. */
    RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return this;
    }

    /** A response's status line and headers (names lower-cased). */
    record Head(int status, Map<String, String> headers) {
    }

    /** Reads the status line and headers of the response. */
    Head head() throws IOException {
        InputStream in = socket.getInputStream();
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        return new Head(Integer.parseInt(status.split(" ")[1]), headers);
    }

    /** Everything until the server closes the connection. */
    byte[] rest() throws IOException {
        return socket.getInputStream().readAllBytes();
    }

    /** Whether the server closed the connection: a read finds its end (or a reset). */
    boolean closedByServer() {
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
