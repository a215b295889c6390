package io.peercensus.dht.internal.protobuf;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.multiformats.UnsignedVarint;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.net.Deadline;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

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
            if (i == UnsignedVarint.MAX_BYTES) {
                throw new ProbeException(ErrorClass.PROTOCOL, what + " length prefix is longer than " + UnsignedVarint.MAX_BYTES + " bytes");
            }
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return null;
                }
                throw new EOFException(what + ": stream ended inside the length prefix");
            }
            if (b == 0 && i > 0) {
                throw new ProbeException(ErrorClass.PROTOCOL, what + " length prefix is not minimally encoded");
            }
            length |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length > max) {
            throw new ProbeException(ErrorClass.PROTOCOL, what + " of " + length + " bytes exceeds the limit of " + max);
        }
        return in.readExactly((int) length, what);
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
