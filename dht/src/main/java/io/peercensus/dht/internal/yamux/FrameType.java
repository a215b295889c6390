package io.peercensus.dht.internal.yamux;

import io.peercensus.ErrorClass;
import io.peercensus.dht.internal.transport.TransportException;

/**
 * The yamux frame types. An unknown type breaks the protocol (the spec has no extension mechanism), so it is
 * rejected rather than kept.
 *
 * <p>Immutable and thread-safe.
 */
public enum FrameType {
    /** Stream data. */
    DATA(0),
    /** A receive-window increment, or a flags-only frame (SYN, ACK, FIN, RST). */
    WINDOW_UPDATE(1),
    /** A session ping, answered with the same opaque value. */
    PING(2),
    /** The session is ending; the length field is the error code. */
    GO_AWAY(3);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }

    static FrameType fromCode(int code) throws TransportException {
        return switch (code) {
            case 0 -> DATA;
            case 1 -> WINDOW_UPDATE;
            case 2 -> PING;
            case 3 -> GO_AWAY;
            default -> throw new TransportException(ErrorClass.PROTOCOL, "yamux: unknown frame type " + code);
        };
    }
}
