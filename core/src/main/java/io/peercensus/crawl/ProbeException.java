package io.peercensus.crawl;

import io.peercensus.ErrorClass;
import java.util.Objects;

/**
 * A conversation failed in a way the peer is to blame for: a handshake that did not verify, a
 * message that broke the protocol. The crawl records the peer unreachable with this class and detail.
 */
public final class ProbeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorClass errorClass;

    /** A failure of class {@code errorClass}; {@code detail} is the observation's error detail. */
    public ProbeException(ErrorClass errorClass, String detail) {
        super(detail);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
    }

    /** A failure of class {@code errorClass} caused by {@code cause}. */
    public ProbeException(ErrorClass errorClass, String detail, Throwable cause) {
        super(detail, cause);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
    }

    /** The error class to record. */
    public ErrorClass errorClass() {
        return errorClass;
    }
}
