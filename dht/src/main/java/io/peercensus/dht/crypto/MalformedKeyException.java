package io.peercensus.dht.crypto;

/**
 * Malformed key bytes: a bad protobuf wrapper, an unknown key type, or key data that is not a valid key of
 * its type. The message says what was expected and what arrived, e.g.
 * {@code "key: Ed25519 public key must be 32 bytes, got 31"}.
 *
 * <p>Immutable and thread-safe.
 */
public class MalformedKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Malformed key bytes described by {@code message}. */
    public MalformedKeyException(String message) {
        super(message);
    }

    /** Malformed key bytes described by {@code message}, rejected by {@code cause}. */
    public MalformedKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
