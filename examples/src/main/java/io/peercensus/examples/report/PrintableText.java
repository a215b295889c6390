package io.peercensus.examples.report;

import java.util.Locale;

/**
 * Makes text that peers sent safe to show and to put in XML: C0 controls, DEL, C1 controls, the line and paragraph
 * separators, unpaired surrogates and the non-characters U+FFFE and U+FFFF are written as {@code \}{@code uXXXX}.
 * Everything else, U+FFFD included, passes unchanged. The stored value (database, NDJSON) keeps the original.
 *
 * <p>Stateless and thread-safe.
 */
public final class PrintableText {
    private PrintableText() {
    }

    /** {@code text} with every character a terminal or XML 1.0 cannot carry as such written as an escape. */
    public static String of(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                if (b != null) {
                    b.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (needsEscape(c)) {
                if (b == null) {
                    b = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? text : b.toString();
    }

    /** {@link #of} cut to at most {@code max} characters, with an ellipsis when cut. */
    public static String shortened(String text, int max) {
        String s = of(text);
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) { // keep a pair whole
            end--;
        }
        return s.substring(0, end) + "\u2026";
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || Character.isSurrogate(c) || c == '\ufffe' || c == '\uffff';
    }
}
