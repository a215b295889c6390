package io.peercensus.dht.internal.protobuf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one protobuf message held in a byte array, field by field, checking every length against a cap and
 * against the bytes left before anything is allocated. Failures are {@link ProbeException}s of class
 * {@link ErrorClass#PROTOCOL} whose message starts with the layer's prefix ({@code "kad: "}) and names the
 * message and field.
 *
 * <p>Not thread-safe: one reader per message, used by one thread.
 */
public final class ProtoReader {
    private final CodedInputStream in;
    private final int length;
    private final String layer;

    /** A reader of {@code encoded}; {@code layer} prefixes error messages ({@code "kad"}). */
    public ProtoReader(byte[] encoded, String layer) {
        this.in = CodedInputStream.newInstance(encoded);
        this.length = encoded.length;
        this.layer = layer;
    }

    /** Whether the current message (or the innermost {@link #enter nested} one) has no bytes left. */
    public boolean atEnd() throws ProbeException {
        try {
            return in.isAtEnd();
        } catch (IOException e) {
            throw malformed("truncated message", e);
        }
    }

    /** The next field's tag; call only when not {@link #atEnd()}. */
    public int tag() throws ProbeException {
        try {
            int tag = in.readTag();
            if (tag == 0) {
                throw fail("invalid field number 0");
            }
            return tag;
        } catch (IOException e) {
            throw malformed("truncated or invalid field tag", e);
        }
    }

    /** The field number of {@code tag}. */
    public static int fieldNumber(int tag) {
        return WireFormat.getTagFieldNumber(tag);
    }

    /**
     * Checks that {@code tag} carries {@code wireType}.
     *
     * @throws ProbeException naming {@code field} when it does not
     */
    public void expect(int tag, int wireType, String field) throws ProbeException {
        int actual = WireFormat.getTagWireType(tag);
        if (actual != wireType) {
            throw fail(field + " (field " + fieldNumber(tag) + ") has wire type " + actual + ", expected " + wireType);
        }
    }

    /** Skips the field whose tag was just read. */
    public void skip(int tag) throws ProbeException {
        try {
            if (!in.skipField(tag)) {
                throw fail("unexpected end-group tag in field " + fieldNumber(tag));
            }
        } catch (IOException e) {
            throw malformed("truncated or malformed field " + fieldNumber(tag), e);
        }
    }

    /** A varint field as a Java {@code int} (protobuf {@code int32} and enums: negative values are sign-extended). */
    public int int32(String field) throws ProbeException {
        try {
            return in.readInt32();
        } catch (IOException e) {
            throw malformed("truncated or malformed " + field, e);
        }
    }

    /** A length-delimited field of at most {@code max} bytes. */
    public byte[] bytes(int max, String field) throws ProbeException {
        int n = declaredLength(max, field);
        try {
            return in.readRawBytes(n);
        } catch (IOException e) {
            throw malformed("truncated " + field, e);
        }
    }

    /**
     * A string field of at most {@code max} bytes, decoded as UTF-8 (invalid bytes become U+FFFD), whose text is also
     * at most {@code max} bytes of UTF-8, so that it writes back within the cap it was read with.
     */
    public String string(int max, String field) throws ProbeException {
        byte[] raw = bytes(max, field);
        String text = new String(raw, StandardCharsets.UTF_8);
        int written = text.getBytes(StandardCharsets.UTF_8).length;
        if (written > max) {
            throw fail(field + " of " + raw.length + " bytes is " + written
                    + " bytes once its invalid UTF-8 is replaced, more than the limit of " + max);
        }
        return text;
    }

    /**
     * Enters a nested message field of at most {@code max} bytes: until {@link #leave}, {@link #atEnd()}
     * is true at the nested message's end.
     *
     * @return the token to pass to {@link #leave}
     */
    public int enter(int max, String field) throws ProbeException {
        int n = declaredLength(max, field);
        try {
            return in.pushLimit(n);
        } catch (IOException e) {
            throw malformed("truncated " + field, e);
        }
    }

    /** Leaves the nested message entered with {@code token}. */
    public void leave(int token) {
        in.popLimit(token);
    }

    /** A protocol failure of this layer: {@code "<layer>: <detail>"}. */
    public ProbeException fail(String detail) {
        return new ProbeException(ErrorClass.PROTOCOL, layer + ": " + detail);
    }

    private ProbeException malformed(String detail, IOException cause) {
        return new ProbeException(ErrorClass.PROTOCOL, layer + ": " + detail, cause);
    }

    private int declaredLength(int max, String field) throws ProbeException {
        int n;
        try {
            n = in.readRawVarint32();
        } catch (IOException e) {
            throw malformed("truncated length of " + field, e);
        }
        long left = in.getBytesUntilLimit() >= 0 ? in.getBytesUntilLimit() : length - in.getTotalBytesRead();
        if (n < 0 || n > max) {
            throw fail(field + " of " + Integer.toUnsignedString(n) + " bytes exceeds the limit of " + max);
        }
        if (n > left) {
            throw fail(field + " of " + n + " bytes overruns the message (" + left + " bytes left)");
        }
        return n;
    }
}
