package io.peercensus.dht.crypto;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code PublicKey}/{@code PrivateKey} protobuf messages ({@code Type = 1}, {@code Data = 2}),
 * written deterministically (fields in number order, {@code Type} always present) as the peer-ids spec
 * asks. Reading accepts either field order but rejects missing, repeated and unknown fields.
 *
 * <p>Stateless and thread-safe.
 */
final class KeyProtobuf {
    private static final int TYPE_TAG = 1 << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int DATA_TAG = 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    /** A decoded message. */
    record Message(KeyType type, byte[] data) {
    }

    private KeyProtobuf() {
    }

    static byte[] encode(KeyType type, byte[] data) {
        byte[] out = new byte[CodedOutputStream.computeEnumSize(1, type.number()) + CodedOutputStream.computeByteArraySize(2, data)];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        try {
            stream.writeEnum(1, type.number());
            stream.writeByteArray(2, data);
        } catch (IOException e) {
            throw new UncheckedIOException("key: sized buffer overflowed", e);
        }
        stream.checkNoSpaceLeft();
        return out;
    }

    /**
     * Decodes a message of at most {@code maxLength} bytes; {@code what} names it in errors.
     *
     * @throws MalformedKeyException on an over-long, truncated or malformed message
     */
    static Message decode(byte[] encoded, int maxLength, String what) {
        if (encoded.length > maxLength) {
            throw new MalformedKeyException("key: " + what + " of " + encoded.length + " bytes exceeds the limit of " + maxLength);
        }
        CodedInputStream in = CodedInputStream.newInstance(encoded);
        KeyType type = null;
        byte[] data = null;
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (tag == TYPE_TAG && type == null) {
                    type = KeyType.fromNumber(in.readEnum());
                } else if (tag == DATA_TAG && data == null) {
                    data = in.readByteArray();
                } else if (tag == TYPE_TAG || tag == DATA_TAG) {
                    throw new MalformedKeyException("key: " + what + " repeats field " + WireFormat.getTagFieldNumber(tag));
                } else {
                    throw new MalformedKeyException("key: " + what + " has unexpected field " + WireFormat.getTagFieldNumber(tag)
                            + " (wire type " + WireFormat.getTagWireType(tag) + ")");
                }
            }
        } catch (IOException e) {
            throw new MalformedKeyException("key: " + what + " is truncated or malformed protobuf", e);
        }
        if (type == null) {
            throw new MalformedKeyException("key: " + what + " lacks the Type field");
        }
        if (data == null) {
            throw new MalformedKeyException("key: " + what + " lacks the Data field");
        }
        return new Message(type, data);
    }
}
