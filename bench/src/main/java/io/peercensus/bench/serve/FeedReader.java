package io.peercensus.bench.serve;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * One client of {@code GET /peers} that reads as fast as it can, on its own platform thread, over a plain socket
 * (so the benchmark's clients cost this JVM as little as possible): it undoes the chunked transfer coding, counts
 * the NDJSON lines and keeps a CRC-32C of the body, so that clients can be compared with each other and with the
 * number of observations published.
 *
 * <p>Thread-safe: the reading thread writes the results, other threads read them after {@link #await}.
 */
final class FeedReader implements AutoCloseable {
    /** How the feed ended, as far as this client saw. */
    enum Outcome {
        /** Still reading. */
        READING,
        /** The chunked body ended with its last chunk: a clean end. */
        ENDED,
        /** The connection closed in the middle of the body: the server cut the feed. */
        CUT,
        /** Something else went wrong (bad status, timeout, I/O error); see {@link #error()}. */
        FAILED
    }

    /** The largest chunk size accepted, checked before reading the chunk. */
    private static final int MAX_CHUNK = 1 << 24;
    /** The longest status, header or chunk-size line accepted. */
    private static final int MAX_LINE = 8192;

    private final Socket socket;
    private final Thread thread;
    private final CRC32C crc = new CRC32C();
    private volatile long lines;
    private volatile long bytes;
    private volatile Outcome outcome = Outcome.READING;
    private volatile String error;

    private FeedReader(Socket socket, int id) {
        this.socket = socket;
        this.thread = new Thread(this::read, "feed-reader-" + id);
        this.thread.setDaemon(true);
    }

    /**
     * Connects to {@code server}, asks for {@code /peers} and starts reading.
     *
     * @param readTimeout the longest wait for any byte of the feed
     */
    static FeedReader open(InetSocketAddress server, int id, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            s.connect(server, 10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /peers HTTP/1.1\r\nHost: " + server.getHostString() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        FeedReader r = new FeedReader(s, id);
        r.thread.start();
        return r;
    }

    private void read() {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            String status = line(in);
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IOException("status '" + status + "'");
            }
            boolean chunked = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                chunked |= h.toLowerCase(Locale.ROOT).replace(" ", "").equals("transfer-encoding:chunked");
            }
            if (!chunked) {
                throw new IOException("the feed is not chunked");
            }
            byte[] buf = new byte[1 << 16];
            while (true) {
                String sizeLine = line(in);
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt(semi < 0 ? sizeLine.strip() : sizeLine.substring(0, semi).strip(), 16);
                if (size < 0 || size > MAX_CHUNK) {
                    throw new IOException("chunk of " + size + " bytes, expected at most " + MAX_CHUNK);
                }
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    outcome = Outcome.ENDED;
                    return;
                }
                for (int left = size; left > 0; ) {
                    int n = in.read(buf, 0, Math.min(buf.length, left));
                    if (n < 0) {
                        throw new Cut();
                    }
                    consume(buf, n);
                    left -= n;
                }
                if (!line(in).isEmpty()) {
                    throw new IOException("no CRLF after a chunk");
                }
            }
        } catch (Cut e) {
            outcome = Outcome.CUT;
        } catch (IOException | RuntimeException e) {
            if (!socket.isClosed() && (e instanceof java.net.SocketException) && bytes > 0) {
                outcome = Outcome.CUT; // reset by the server mid-body
            } else {
                error = e.toString();
                outcome = Outcome.FAILED;
            }
        }
    }

    private void consume(byte[] buf, int n) {
        crc.update(buf, 0, n);
        long count = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                count++;
            }
        }
        lines += count; // only the reading thread writes
        bytes += n;
    }

    /** One CRLF-terminated line without its terminator; {@link Cut} at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new Cut();
            }
            if (b == '\n') {
                byte[] all = line.toByteArray();
                int end = all.length > 0 && all[all.length - 1] == '\r' ? all.length - 1 : all.length;
                return new String(all, 0, end, StandardCharsets.US_ASCII);
            }
            if (line.size() == MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    /** End of stream in the middle of the body. */
    private static final class Cut extends IOException {
        private static final long serialVersionUID = 1L;

        Cut() {
            super("end of stream inside the body");
        }
    }

    /** Waits at most {@code timeout} for the feed to end; false when it is still being read. */
    boolean await(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    Outcome outcome() {
        return outcome;
    }

    String error() {
        return error;
    }

    long lines() {
        return lines;
    }

    /** The CRC-32C of the body's bytes; read only after {@link #await} returned true. */
    long checksum() {
        return crc.getValue();
    }

    /** Closes the connection (ending the reading thread) and waits briefly for the thread. */
    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
