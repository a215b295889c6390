package io.peercensus.dht.internal.noise;

import io.peercensus.dht.internal.transport.TimedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * libp2p's Noise framing: every handshake and transport message is preceded by its length as a 2-byte
 * big-endian integer, so no message exceeds {@value #MAX_LENGTH} bytes.
 *
 * <p>Stateless and thread-safe.
 */
final class NoiseFrame {
    /** The longest message the 2-byte prefix can announce. */
    static final int MAX_LENGTH = 65535;

    private NoiseFrame() {
    }

    /**
     * Reads one frame's body; the caller has started the wait.
     *
     * @return the body, or {@code null} when the input ended cleanly before the frame
     * @throws EOFException when the input ends inside the frame
     */
    static byte[] read(TimedInputStream in, String what) throws IOException {
        int high = in.read();
        if (high < 0) {
            return null;
        }
        int low = in.read();
        if (low < 0) {
            throw new EOFException(what + ": stream ended inside the 2-byte length");
        }
        return in.readExactly(high << 8 | low, what);
    }

    /**
     * The body length of the frame at the buffer's position, when the buffer holds all of it; else -1. Does not
     * move the position.
     */
    static int pollLength(ByteBuffer in) {
        if (in.remaining() < 2) {
            return -1;
        }
        int p = in.position();
        int length = (in.get(p) & 0xff) << 8 | in.get(p + 1) & 0xff;
        return in.remaining() - 2 < length ? -1 : length;
    }

    /**
     * The frame carrying {@code body}: its 2-byte length, then the body.
     *
     * @throws IllegalArgumentException when the body exceeds {@value #MAX_LENGTH} bytes
     */
    static byte[] encode(byte[] body) {
        if (body.length > MAX_LENGTH) {
            throw new IllegalArgumentException("noise: frame of " + body.length + " bytes exceeds " + MAX_LENGTH);
        }
        byte[] out = new byte[2 + body.length];
        out[0] = (byte) (body.length >>> 8);
        out[1] = (byte) body.length;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }
}
