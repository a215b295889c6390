package io.peercensus.btc.internal.wire;

import io.peercensus.btc.wire.BitcoinWireException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The 12-byte command field of a message header: printable ASCII, padded with NUL bytes. As in Bitcoin Core,
 * a non-NUL byte after the first NUL is an error, and so is any byte outside {@code 0x20..0x7e}; an empty
 * command is rejected too.
 *
 * <p>Stateless and thread-safe.
 */
public final class CommandField {

    /** The field's size in bytes. */
    public static final int SIZE = 12;

    private CommandField() {
    }

    /** Reads and validates the 12-byte field at the buffer's position. */
    public static String read(ByteBuffer in) throws BitcoinWireException {
        byte[] raw = new byte[SIZE];
        in.get(raw);
        int end = 0;
        while (end < SIZE && raw[end] != 0) {
            int c = raw[end] & 0xff;
            if (c < 0x20 || c > 0x7e) {
                throw new BitcoinWireException(String.format("command byte %d is not printable ASCII: 0x%02x", end, c));
            }
            end++;
        }
        for (int i = end; i < SIZE; i++) {
            if (raw[i] != 0) {
                throw new BitcoinWireException(String.format(
                        "command byte %d is 0x%02x after the terminating NUL at byte %d", i, raw[i] & 0xff, end));
            }
        }
        if (end == 0) {
            throw new BitcoinWireException("command is empty");
        }
        return new String(raw, 0, end, StandardCharsets.US_ASCII);
    }

    /** Writes {@code command} NUL-padded to 12 bytes. */
    public static void write(ByteBuffer out, String command) {
        byte[] b = check(command).getBytes(StandardCharsets.US_ASCII);
        out.put(b);
        for (int i = b.length; i < SIZE; i++) {
            out.put((byte) 0);
        }
    }

    /**
     * Returns {@code command} when it can be sent: 1 to 12 printable ASCII characters.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static String check(String command) {
        if (command.isEmpty() || command.length() > SIZE) {
            throw new IllegalArgumentException("command must be 1 to 12 characters, got " + command.length()
                    + ": '" + command + "'");
        }
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(String.format(
                        "command character %d is not printable ASCII: U+%04X", i, (int) c));
            }
        }
        return command;
    }
}
