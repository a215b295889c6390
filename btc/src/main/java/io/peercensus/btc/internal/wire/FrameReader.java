package io.peercensus.btc.internal.wire;

import io.peercensus.btc.wire.BitcoinWireException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads whole frames from a blocking {@link InputStream} (a socket), validating magic, command, length (before the
 * payload is read) and checksum.
 *
 * <p>Not thread-safe: one reader per connection, used from one thread at a time.
 */
public final class FrameReader {

    private final InputStream in;
    private final int magic;

    /**
     * Creates a reader.
     *
     * @param in the stream, positioned at a frame boundary
     * @param magic the network's magic, bytes as sent
     */
    public FrameReader(InputStream in, int magic) {
        this.in = in;
        this.magic = magic;
    }

    /**
     * Reads the next frame, blocking until it is complete.
     *
     * @throws EOFException when the stream ends cleanly between frames
     * @throws BitcoinWireException on a malformed header, a checksum mismatch, or a stream that ends mid-frame
     * @throws IOException when the stream fails
     */
    public Frame read() throws IOException {
        byte[] head = in.readNBytes(FrameHeader.SIZE);
        if (head.length == 0) {
            throw new EOFException("end of stream between frames");
        }
        if (head.length < FrameHeader.SIZE) {
            throw new BitcoinWireException("stream ended inside a frame header: got " + head.length + " of "
                    + FrameHeader.SIZE + " bytes");
        }
        FrameHeader header = FrameHeader.read(ByteBuffer.wrap(head), magic);
        // readNBytes(n) grows its buffer as bytes arrive, so a peer announcing 4 MB costs memory only once it sends them.
        byte[] payload = in.readNBytes(header.length());
        if (payload.length < header.length()) {
            throw new BitcoinWireException("stream ended inside the payload of '" + header.command() + "': got "
                    + payload.length + " of " + header.length() + " bytes");
        }
        header.verify(payload);
        return new Frame(header.command(), payload);
    }
}
