package io.peercensus.dht.internal.noise;

import io.peercensus.ErrorClass;
import io.peercensus.dht.crypto.PublicKey;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.dht.internal.transport.TransportException;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The secure channel after a Noise handshake: writes are cut into transport messages of at most
 * {@value #MAX_PLAINTEXT} plaintext bytes, encrypted and framed; reads decrypt frame by frame. A frame that
 * does not decrypt fails with {@link TransportException} of class {@link ErrorClass#PROTOCOL}. Knows the
 * remote's verified identity.
 *
 * <p>Thread-safe for one reader thread and any number of writers (writes are serialised, each write call's
 * frames go out together).
 */
public final class NoiseChannel {
    /** The most plaintext one transport message carries: the frame cap less the tag. */
    public static final int MAX_PLAINTEXT = NoiseCodec.MAX_PLAINTEXT;

    private final TimedInputStream rawIn;
    private final OutputStream rawOut;
    private final NoiseCodec codec;
    private final PublicKey remoteIdentity;
    private final PeerId remotePeer;
    private final Input input = new Input();
    private final Output output = new Output();

    NoiseChannel(TimedInputStream rawIn, OutputStream rawOut, HandshakeState.Transport transport, PublicKey remoteIdentity) {
        this.rawIn = rawIn;
        this.rawOut = rawOut;
        this.codec = new NoiseCodec(transport);
        this.remoteIdentity = remoteIdentity;
        this.remotePeer = PeerId.fromPublicKey(remoteIdentity);
    }

    /** The decrypted input; its {@code await} bounds the reads of the underlying input. */
    public TimedInputStream input() {
        return input;
    }

    /** The encrypting output; {@code flush} flushes the underlying output. */
    public OutputStream output() {
        return output;
    }

    /** The remote's identity key, whose signature over its Noise static key verified. */
    public PublicKey remoteIdentity() {
        return remoteIdentity;
    }

    /** The remote's peer ID, derived from {@link #remoteIdentity()}. */
    public PeerId remotePeer() {
        return remotePeer;
    }

    private final class Input extends TimedInputStream {
        private byte[] plaintext = new byte[0];
        private int position;

        @Override
        public void await(String what, Deadline deadline) {
            rawIn.await(what, deadline);
        }

        /** Fills the buffer; false at a clean end of input. */
        private boolean fill() throws IOException {
            while (position == plaintext.length) {
                byte[] frame = NoiseFrame.read(rawIn, "noise transport message");
                if (frame == null) {
                    return false;
                }
                plaintext = codec.open(frame, 0, frame.length);
                position = 0;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? plaintext[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, plaintext.length - position);
            System.arraycopy(plaintext, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return plaintext.length - position;
        }
    }

    private final class Output extends OutputStream {
        private final ReentrantLock lock = new ReentrantLock();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return;
            }
            lock.lock();
            try {
                byte[] wire = codec.seal(b, off, len);
                rawOut.write(wire);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void flush() throws IOException {
            rawOut.flush();
        }

        @Override
        public void close() throws IOException {
            rawOut.close();
        }
    }
}
