package io.peercensus.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.internal.sink.PeerCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes observations as NDJSON: one {@link PeerJson} object per line, {@code \n}-terminated, UTF-8 (in fact
 * ASCII, since non-ASCII is escaped). Edges and crawl events are not written: NDJSON carries observations only.
 *
 * <p>Output is buffered; {@link #flushEachLine(boolean) flushEachLine(true)} flushes after every line, as a live
 * feed or a pipe to another program needs. {@link #close()} flushes; it closes the file a sink opened with
 * {@link #to(Path)}, but never a stream handed to {@link #to(OutputStream)} (so {@code System.out} stays open).
 *
 * <p>Thread-safe: every method is synchronized, so lines never interleave.
 */
public final class NdjsonSink implements PeerSink {

    private final OutputStream out;
    private final boolean ownsStream;
    private final JsonGenerator generator;
    private boolean flushEachLine;
    private boolean closed;

    private NdjsonSink(OutputStream out, boolean ownsStream) throws IOException {
        this.out = out;
        this.ownsStream = ownsStream;
        this.generator = PeerCodec.FACTORY.createGenerator(out, JsonEncoding.UTF8);
        generator.setRootValueSeparator(null); // each line ends with our '\n'; no space before the next object
    }

    /**
     * A sink writing to {@code file}, created or truncated. {@link #close()} closes the file.
     *
     * @throws IOException when the file cannot be opened for writing
     */
    public static NdjsonSink to(Path file) throws IOException {
        return open(Files.newOutputStream(file));
    }

    /**
     * A sink appending to {@code file}, created when absent (monitor mode: one file for many crawls; a resumed crawl).
     * A last line cut short, by a process killed mid-write, is removed first, so every line stays whole.
     * {@link #close()} closes the file.
     *
     * @throws IOException when the file cannot be opened for writing
     */
    public static NdjsonSink appendTo(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            channel.truncate(wholeLinesEnd(channel));
            channel.position(channel.size());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return open(Channels.newOutputStream(channel));
    }

    /** The length of the file up to and including its last {@code \n}: 0 when it has none. */
    private static long wholeLinesEnd(FileChannel channel) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        long end = channel.size();
        while (end > 0) {
            int n = (int) Math.min(chunk.capacity(), end);
            chunk.clear().limit(n);
            long at = end - n;
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, at + chunk.position()) < 0) {
                    throw new IOException("file shrank while being read");
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return at + i + 1;
                }
            }
            end = at;
        }
        return 0;
    }

    private static NdjsonSink open(OutputStream out) throws IOException {
        try {
            return new NdjsonSink(out, true);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * A sink writing to {@code out}. {@link #close()} flushes {@code out} but leaves it open; close it yourself.
     *
     * @throws IOException when the generator cannot be made (it does not write yet)
     */
    public static NdjsonSink to(OutputStream out) throws IOException {
        return new NdjsonSink(Objects.requireNonNull(out, "out"), false);
    }

    /** Whether to flush after every line (default {@code false}: buffered). Returns this sink. */
    public synchronized NdjsonSink flushEachLine(boolean flush) {
        this.flushEachLine = flush;
        return this;
    }

    /**
     * Writes {@code peer} as one line.
     *
     * @throws IOException when the stream fails, or the sink is closed
     */
    @Override
    public synchronized void accept(Peer peer) throws IOException {
        if (closed) {
            throw new IOException("NDJSON sink is closed");
        }
        PeerCodec.writePeer(peer, generator);
        generator.writeRaw('\n');
        if (flushEachLine) {
            generator.flush();
        }
    }

    /** Flushes what is buffered; closes the stream when this sink opened it. Later calls do nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            generator.close(); // flushes; the factory never closes the target
        } finally {
            if (ownsStream) {
                out.close();
            }
        }
    }
}
