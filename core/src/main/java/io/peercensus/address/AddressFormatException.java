package io.peercensus.address;

/**
 * Text or bytes that are not a valid address: a bad IP literal, a bad onion or I2P name, a wrong
 * length, a port out of range. Its message is one line that says what was expected and what arrived.
 *
 * <p>Immutable and thread-safe.
 */
public final class AddressFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The longest input quoted in a message; longer input is cut and marked with "...". */
    private static final int QUOTE_LIMIT = 80;

    /** A malformed address described by {@code message}. */
    public AddressFormatException(String message) {
        super(message);
    }

    /** A malformed address described by {@code message}, found by {@code cause}. */
    public AddressFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code text} in single quotes for a message: at most {@value #QUOTE_LIMIT} characters, with
     * control and non-ASCII characters escaped as Java-style unicode escapes, so hostile input stays one short line.
     */
    public static String quote(CharSequence text) {
        return "'" + escape(text) + "'";
    }

    /** {@code text} cut to {@value #QUOTE_LIMIT} characters with control and non-ASCII characters escaped. */
    static String escape(CharSequence text) {
        int n = Math.min(text.length(), QUOTE_LIMIT);
        StringBuilder out = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > QUOTE_LIMIT) {
            out.append("...");
        }
        return out.toString();
    }
}
