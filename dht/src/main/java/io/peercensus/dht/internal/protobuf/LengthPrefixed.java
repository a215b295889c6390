package io.peercensus.dht.internal.protobuf;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.multiformats.UnsignedVarint;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.net.Deadline;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The framing of libp2p stream protocols: each message is preceded by its length as an unsigned varint.
 * The length is checked against the caller's cap before the message is allocated.
 *
 * <p>Stateless and thread-safe.
 */
public final class LengthPrefixed {
    private LengthPrefixed() {
    }

    /**
     * Reads one frame of at most {@code max} bytes, or {@code null} when the stream ends cleanly before the
     * frame's first byte.
     *
     * @param what names the frame in errors and timeouts ({@code "kad: message"})
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) on a malformed or over-long length prefix
     * @throws EOFException when the stream ends inside the frame
     * @throws IOException when the stream fails or the deadline passes
     */
    public static byte[] readOrEnd(TimedInputStream in, int max, String what, Deadline deadline) throws IOException, ProbeException {
        in.await(what, deadline);
        long length = 0;
        for (int i = 0; ; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return null;
                }
                throw new EOFException(what + ": stream ended inside the length prefix");
            }
            length = prefixStep(length, b, i, what);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return in.readExactly(checkedLength(length, max, what), what);
    }

    /**
     * Takes one whole frame of at most {@code max} bytes from the buffer's position, for a reader that gets its
     * input in pieces: the frame's body, or {@code null} (the position unchanged) while the buffer does not hold
     * all of it yet. A bad or over-long prefix fails as soon as its bytes are there, before the body is awaited.
     *
     * @throws ProbeException ({@link ErrorClass#PROTOCOL}) on a malformed or over-long length prefix
     */
    public static byte[] poll(ByteBuffer in, int max, String what) throws ProbeException {
        int start = in.position();
        long length = 0;
        int prefix = 0;
        while (true) {
            if (prefix == UnsignedVarint.MAX_BYTES) {
                prefixStep(length, 0x80, prefix, what); // throws: the prefix is too long, whatever follows
            }
            if (start + prefix == in.limit()) {
                return null;
            }
            int b = in.get(start + prefix) & 0xff;
            length = prefixStep(length, b, prefix++, what);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        int body = checkedLength(length, max, what);
        if (in.limit() - start - prefix < body) {
            return null;
        }
        byte[] frame = new byte[body];
        in.position(start + prefix);
        in.get(frame);
        return frame;
    }

    /** Adds byte {@code index} of a length prefix to {@code length}, checking the prefix's form. */
    private static long prefixStep(long length, int b, int index, String what) throws ProbeException {
        if (index == UnsignedVarint.MAX_BYTES) {
            throw new ProbeException(ErrorClass.PROTOCOL, what + " length prefix is longer than " + UnsignedVarint.MAX_BYTES + " bytes");
        }
        if (b == 0 && index > 0) {
            throw new ProbeException(ErrorClass.PROTOCOL, what + " length prefix is not minimally encoded");
        }
        return length | (long) (b & 0x7f) << (7 * index);
    }

    private static int checkedLength(long length, int max, String what) throws ProbeException {
        if (length > max) {
            throw new ProbeException(ErrorClass.PROTOCOL, what + " of " + length + " bytes exceeds the limit of " + max);
        }
        return (int) length;
    }

    /**
     * Reads one frame of at most {@code max} bytes.
     *
     * @throws EOFException when the stream ends before or inside the frame
     * @see #readOrEnd
     */
    public static byte[] read(TimedInputStream in, int max, String what, Deadline deadline) throws IOException, ProbeException {
        byte[] frame = readOrEnd(in, max, what, deadline);
        if (frame == null) {
            throw new EOFException(what + ": stream ended before the message");
        }
        return frame;
    }

    /** Writes {@code message} with its length prefix, in one write, and flushes. */
    public static void write(OutputStream out, byte[] message) throws IOException {
        out.write(encode(message));
        out.flush();
    }

    /** {@code message} with its length prefix. */
    public static byte[] encode(byte[] message) {
        byte[] prefix = UnsignedVarint.encode(message.length);
        byte[] frame = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(message, 0, frame, prefix.length, message.length);
        return frame;
    }
}
