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
        InPlace frame = pollInPlace(in, new Checksum.Digest());
        if (frame == null) {
            return null;
        }
        if (!frame.intact()) {
            frame.header().verify(frame.payload(), new Checksum.Digest()); // throws: checksum mismatch
        }
        byte[] payload = new byte[frame.payload().remaining()];
        frame.payload().get(payload);
        return new Frame(frame.header().command(), payload);
    }

    /**
     * Like {@link #poll}, without copying the payload: for a reader that handles each frame before it reads more.
     * A frame whose checksum does not match is taken too, marked not {@linkplain InPlace#intact() intact}: its
     * header was valid, so the stream is still in step, and the reader may drop it and go on, as Bitcoin Core does.
     *
     * @param digest checksums the payload; reused by the caller's thread
     * @return the frame, its payload a view of {@code in} valid until {@code in} changes; or null
     * @throws BitcoinWireException on a bad header (bad magic, oversized length, malformed command)
     */
    public InPlace pollInPlace(ByteBuffer in, Checksum.Digest digest) throws BitcoinWireException {
        FrameHeader header = peekHeader(in);
        if (header == null) {
            return null;
        }
        int start = in.position() + FrameHeader.SIZE;
        if (in.limit() - start < header.length()) {
            return null;
        }
        ByteBuffer payload = in.slice(start, header.length());
        boolean intact = header.checksumMatches(payload, digest);
        in.position(start + header.length());
        return new InPlace(header, payload, intact);
    }

    /**
     * The validated header of the frame at the front of {@code in}, once its 24 bytes are there, without taking
     * anything: what a frame not yet whole announced. Null before the 24 bytes.
     *
     * @throws BitcoinWireException on a bad header
     */
    public FrameHeader peekHeader(ByteBuffer in) throws BitcoinWireException {
        return in.remaining() < FrameHeader.SIZE ? null : FrameHeader.read(in.duplicate(), magic);
    }

    /**
     * A frame cut in place.
     *
     * @param header its validated header
     * @param payload its payload, a view of the buffer it was cut from
     * @param intact whether the payload's checksum is the one the header announced
     */
    public record InPlace(FrameHeader header, ByteBuffer payload, boolean intact) {
    }
}
