package io.peercensus.dht.internal.noise;

import io.peercensus.ErrorClass;
import io.peercensus.dht.internal.transport.TransportException;
import java.nio.ByteBuffer;
import javax.crypto.AEADBadTagException;

/**
 * Noise transport messages after the handshake, without the I/O: {@link #seal} cuts plaintext into messages of at
 * most {@value #MAX_PLAINTEXT} bytes, encrypts and frames them; {@link #open} decrypts one message. Both the
 * blocking {@link NoiseChannel} and the crawler's event loop use it.
 *
 * <p>Not thread-safe: the caller serialises each direction (sealing and opening may run on different threads).
 */
public final class NoiseCodec {
    /** The most plaintext one transport message carries: the frame cap less the tag. */
    public static final int MAX_PLAINTEXT = NoiseFrame.MAX_LENGTH - CipherState.TAG_LENGTH;
    /** What a message adds to its plaintext: the 2-byte length and the tag. */
    public static final int OVERHEAD = 2 + CipherState.TAG_LENGTH;
    private static final byte[] NO_AD = new byte[0];

    private final CipherState sendCipher;
    private final CipherState receiveCipher;

    NoiseCodec(HandshakeState.Transport transport) {
        this.sendCipher = transport.send();
        this.receiveCipher = transport.receive();
    }

    /** The framed, encrypted messages carrying {@code len} bytes of {@code b} from {@code off}, back to back. */
    public byte[] seal(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        int messages = Math.max(1, (len + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT);
        byte[] wire = new byte[len + messages * OVERHEAD];
        int at = 0;
        int done = 0;
        do {
            int n = Math.min(MAX_PLAINTEXT, len - done);
            byte[] sealed = sendCipher.encryptWithAd(NO_AD, b, off + done, n);
            wire[at] = (byte) (sealed.length >>> 8);
            wire[at + 1] = (byte) sealed.length;
            System.arraycopy(sealed, 0, wire, at + 2, sealed.length);
            at += 2 + sealed.length;
            done += n;
        } while (done < len);
        return wire;
    }

    /**
     * Decrypts one message's body ({@code len} bytes of {@code b} from {@code off}, the length prefix taken off).
     *
     * @throws TransportException ({@link ErrorClass#PROTOCOL}) when it is shorter than the tag or does not decrypt
     */
    public byte[] open(byte[] b, int off, int len) throws TransportException {
        if (len < CipherState.TAG_LENGTH) {
            throw new TransportException(ErrorClass.PROTOCOL,
                    "noise: transport message of " + len + " bytes is shorter than the 16-byte tag");
        }
        try {
            return receiveCipher.decryptWithAd(NO_AD, b, off, len);
        } catch (AEADBadTagException e) {
            throw new TransportException(ErrorClass.PROTOCOL, "noise: transport message does not decrypt", e);
        }
    }

    /**
     * Takes one whole message from the heap buffer's position and decrypts it: its plaintext, or {@code null} (the
     * position unchanged) while the buffer does not hold all of it yet.
     *
     * @throws TransportException as {@link #open(byte[], int, int)}
     */
    public byte[] open(ByteBuffer in) throws TransportException {
        int length = NoiseFrame.pollLength(in);
        if (length < 0) {
            return null;
        }
        int start = in.position();
        byte[] plaintext = open(in.array(), in.arrayOffset() + start + 2, length);
        in.position(start + 2 + length);
        return plaintext;
    }
}
