package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.WireWriter;
import java.util.Objects;

/**
 * One entry of an {@code addr} message: when the address was last seen, and the address itself.
 *
 * <p>Immutable and thread-safe.
 *
 * @param time last-seen time, seconds since the Unix epoch, an unsigned 32-bit value (0 to 4294967295)
 * @param address services, 16-byte address and port
 */
public record AddrEntry(long time, NetAddr address) {

    /** Encoded size in bytes: time 4 plus {@link NetAddr#SIZE}. */
    public static final int SIZE = 4 + NetAddr.SIZE;

    public AddrEntry {
        checkTime(time);
        Objects.requireNonNull(address, "address");
    }

    void write(WireWriter w) {
        w.u32le(time);
        address.write(w);
    }

    static void checkTime(long time) {
        if (time < 0 || time > 0xffff_ffffL) {
            throw new IllegalArgumentException("time must be an unsigned 32-bit value, got " + time);
        }
    }
}
