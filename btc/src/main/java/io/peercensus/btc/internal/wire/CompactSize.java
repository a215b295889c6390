package io.peercensus.btc.internal.wire;

import io.peercensus.btc.wire.BitcoinWireException;

/**
 * Bitcoin's CompactSize: one byte below {@code 0xfd}, else a prefix {@code 0xfd}, {@code 0xfe} or {@code 0xff}
 * followed by a 2-, 4- or 8-byte little-endian value. Like Bitcoin Core, reading rejects non-canonical encodings
 * (a value written with more bytes than it needs). Values are unsigned 64-bit numbers held in a {@code long}.
 *
 * <p>Stateless and thread-safe.
 */
public final class CompactSize {

    private CompactSize() {
    }

    /** How many bytes the canonical encoding of {@code v} takes: 1, 3, 5 or 9. */
    public static int size(long v) {
        if (Long.compareUnsigned(v, 0xfd) < 0) {
            return 1;
        } else if (Long.compareUnsigned(v, 0xffff) <= 0) {
            return 3;
        } else if (Long.compareUnsigned(v, 0xffff_ffffL) <= 0) {
            return 5;
        }
        return 9;
    }

    /** Writes the canonical encoding of {@code v}. */
    public static void write(WireWriter w, long v) {
        switch (size(v)) {
            case 1 -> w.u8((int) v);
            case 3 -> w.u8(0xfd).u8((int) v).u8((int) (v >>> 8));
            case 5 -> w.u8(0xfe).u32le(v);
            default -> w.u8(0xff).i64le(v);
        }
    }

    /**
     * Reads one CompactSize.
     *
     * @throws BitcoinWireException on short input, or {@code "non-canonical CompactSize for <field>: ..."} when the
     *     value would fit a shorter encoding
     */
    public static long read(WireReader r, String field) throws BitcoinWireException {
        int first = r.u8(field);
        long v;
        long min;
        switch (first) {
            case 0xfd -> {
                r.require(2, field);
                v = r.u8(field) | (long) r.u8(field) << 8;
                min = 0xfd;
            }
            case 0xfe -> {
                r.require(4, field);
                v = r.u32le(field);
                min = 0x1_0000L;
            }
            case 0xff -> {
                r.require(8, field);
                v = r.i64le(field);
                min = 0x1_0000_0000L;
            }
            default -> {
                return first;
            }
        }
        if (Long.compareUnsigned(v, min) < 0) {
            throw r.error("non-canonical CompactSize for " + field + ": " + v + " encoded with prefix 0x"
                    + Integer.toHexString(first));
        }
        return v;
    }
}
