package io.peercensus.dht.internal.transport;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import java.io.IOException;
import java.util.Objects;

/**
 * An I/O failure of the secured, multiplexed connection that carries its {@link ErrorClass}: a Noise
 * transport message that does not decrypt or a yamux frame that breaks the protocol ({@link ErrorClass#PROTOCOL}),
 * a stream the peer reset ({@link ErrorClass#RESET}). Streams' {@code read}/{@code write} can only throw
 * {@link IOException}; a prober turns this one into a {@link ProbeException} with {@link #toProbeException()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TransportException extends IOException {
    private static final long serialVersionUID = 1L;

    private final ErrorClass errorClass;

    /** A failure of class {@code errorClass} described by {@code message}. */
    public TransportException(ErrorClass errorClass, String message) {
        super(message);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
    }

    /** A failure of class {@code errorClass} described by {@code message}, caused by {@code cause}. */
    public TransportException(ErrorClass errorClass, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
    }

    /** The error class to record. */
    public ErrorClass errorClass() {
        return errorClass;
    }

    /** The same failure as the crawl engine's exception. */
    public ProbeException toProbeException() {
        return new ProbeException(errorClass, getMessage(), this);
    }
}
