package io.peercensus.dht.internal.noise;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.PublicKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The libp2p {@code NoiseHandshakePayload} protobuf: {@code identity_key = 1} (a protobuf public key),
 * {@code identity_sig = 2} (its signature of {@code "noise-libp2p-static-key:"} and the Noise static key) and
 * {@code extensions = 4}, of which {@code stream_muxers = 2} is kept and the rest ignored. Unknown fields are
 * skipped, as protobuf 3 readers do. Lengths are checked against caps before anything is allocated.
 *
 * <p>Immutable and thread-safe.
 */
record HandshakePayload(byte[] identityKey, byte[] identitySig, List<String> streamMuxers) {
    /** The longest identity signature accepted (an 8192-bit RSA signature). */
    static final int MAX_SIGNATURE_LENGTH = 1024;
    /** How many stream muxer names are kept; further ones are ignored. */
    static final int MAX_STREAM_MUXERS = 16;
    /** The longest stream muxer name accepted. */
    static final int MAX_MUXER_NAME_LENGTH = 256;

    private static final int BYTES = WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int IDENTITY_KEY_TAG = 1 << 3 | BYTES;
    private static final int IDENTITY_SIG_TAG = 2 << 3 | BYTES;
    private static final int EXTENSIONS_TAG = 4 << 3 | BYTES;
    private static final int STREAM_MUXERS_TAG = 2 << 3 | BYTES;

    HandshakePayload {
        identityKey = identityKey.clone();
        identitySig = identitySig.clone();
        streamMuxers = List.copyOf(streamMuxers);
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    @Override
    public byte[] identitySig() {
        return identitySig.clone();
    }

    /**
     * Decodes a payload.
     *
     * @throws ProbeException ({@link ErrorClass#HANDSHAKE}) on malformed protobuf, an over-long field or a
     *     missing identity key or signature
     */
    static HandshakePayload read(byte[] encoded) throws ProbeException {
        CodedInputStream in = CodedInputStream.newInstance(encoded);
        byte[] key = null;
        byte[] sig = null;
        List<String> muxers = new ArrayList<>();
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                switch (tag) {
                    case IDENTITY_KEY_TAG -> key = readBytes(in, PublicKey.MAX_PROTOBUF_LENGTH, "identity_key");
                    case IDENTITY_SIG_TAG -> sig = readBytes(in, MAX_SIGNATURE_LENGTH, "identity_sig");
                    case EXTENSIONS_TAG -> readExtensions(in, muxers);
                    default -> in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new ProbeException(ErrorClass.HANDSHAKE, "noise: handshake payload is truncated or malformed protobuf", e);
        }
        if (key == null) {
            throw new ProbeException(ErrorClass.HANDSHAKE, "noise: handshake payload lacks identity_key");
        }
        if (sig == null) {
            throw new ProbeException(ErrorClass.HANDSHAKE, "noise: handshake payload lacks identity_sig");
        }
        return new HandshakePayload(key, sig, muxers);
    }

    private static void readExtensions(CodedInputStream in, List<String> muxers) throws IOException, ProbeException {
        int length = in.readRawVarint32();
        if (length < 0) {
            throw new ProbeException(ErrorClass.HANDSHAKE, "noise: handshake payload extensions of " + Integer.toUnsignedString(length)
                    + " bytes overrun the payload");
        }
        int limit = in.pushLimit(length); // an overrun surfaces as a truncated read
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag == STREAM_MUXERS_TAG) {
                byte[] name = readBytes(in, MAX_MUXER_NAME_LENGTH, "stream_muxers entry");
                if (muxers.size() < MAX_STREAM_MUXERS) {
                    muxers.add(new String(name, java.nio.charset.StandardCharsets.UTF_8));
                }
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(limit);
    }

    private static byte[] readBytes(CodedInputStream in, int max, String field) throws IOException, ProbeException {
        int length = in.readRawVarint32();
        if (length < 0 || length > max) {
            throw new ProbeException(ErrorClass.HANDSHAKE,
                    "noise: handshake payload " + field + " of " + Integer.toUnsignedString(length) + " bytes exceeds " + max);
        }
        return in.readRawBytes(length);
    }

    /** The protobuf encoding: fields in number order, extensions only when there are stream muxers. */
    byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeByteArray(1, identityKey);
            out.writeByteArray(2, identitySig);
            if (!streamMuxers.isEmpty()) {
                ByteArrayOutputStream ext = new ByteArrayOutputStream();
                CodedOutputStream extOut = CodedOutputStream.newInstance(ext);
                for (String muxer : streamMuxers) {
                    extOut.writeString(2, muxer);
                }
                extOut.flush();
                out.writeByteArray(4, ext.toByteArray());
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("noise: in-memory protobuf write failed", e);
        }
        return bytes.toByteArray();
    }
}
