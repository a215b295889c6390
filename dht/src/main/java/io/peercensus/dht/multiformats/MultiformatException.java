package io.peercensus.dht.multiformats;

/**
 * Malformed multiformats input: a varint, multihash, multibase text, multiaddr or peer ID that does not
 * follow its spec. The message names the format, what was expected and what arrived, e.g.
 * {@code "multiaddr: ip4 value needs 4 bytes, 2 remain"}.
 *
 * <p>Immutable and thread-safe.
 */
public class MultiformatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Malformed input described by {@code message}. */
    public MultiformatException(String message) {
        super(message);
    }

    /** Malformed input described by {@code message}, found while decoding something {@code cause} rejected. */
    public MultiformatException(String message, Throwable cause) {
        super(message, cause);
    }
}
