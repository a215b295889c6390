package io.peercensus.btc.internal.wire;

import io.peercensus.btc.wire.BitcoinWireException;
import java.nio.ByteBuffer;

/**
 * Cuts whole frames out of a buffer that accumulates partial input (non-blocking reads, fragments).
 * The header is validated as soon as its 24 bytes are there, so a bad magic or an oversized length is reported
 * without waiting for (or allocating) the payload.
 *
 * <p>Stateless apart from the magic; immutable and thread-safe (the buffer passed in is the caller's to guard).
 */
public final class FrameDecoder {

    private final int magic;

    /** A decoder for the network with magic {@code magic} (bytes as sent, e.g. {@code 0xf9beb4d9}). */
    public FrameDecoder(int magic) {
        this.magic = magic;
    }

    /**
     * Takes the next whole frame from the front of {@code in} (a buffer ready for reading), advancing its position
     * past it; or returns {@code null} and leaves the position where it was when more bytes are needed.
     *
     * @throws BitcoinWireException on a bad header or checksum mismatch
     */
    public Frame poll(ByteBuffer in) throws BitcoinWireException {
        if (in.remaining() < FrameHeader.SIZE) {
            return null;
        }
        FrameHeader header = FrameHeader.read(in.duplicate(), magic);
        if (in.remaining() - FrameHeader.SIZE < header.length()) {
            return null;
        }
        in.position(in.position() + FrameHeader.SIZE);
        byte[] payload = new byte[header.length()];
        in.get(payload);
        header.verify(payload);
        return new Frame(header.command(), payload);
    }
}
