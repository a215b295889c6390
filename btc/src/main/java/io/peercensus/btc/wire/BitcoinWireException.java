package io.peercensus.btc.wire;

import java.io.IOException;

/**
 * Malformed Bitcoin P2P input: a bad frame header, a payload that does not decode, a length past a cap,
 * or input that ends early. The message says what was expected and what arrived, e.g.
 * {@code "bad magic 0x0b110907, expected 0xf9beb4d9"} or {@code "addrv2: entry 0 IPv4 address must be 4 bytes, got 5"}.
 *
 * <p>The single malformed-input exception of the Bitcoin wire layer. Immutable and thread-safe.
 */
public final class BitcoinWireException extends IOException {

    /** Creates the exception with a message that names what was expected and what arrived. */
    public BitcoinWireException(String message) {
        super(message);
    }
}
