package io.peercensus.examples.report;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds well-formed HTML/SVG markup (polyglot: it parses as XML too): elements close in order, every attribute
 * value and text is escaped, and text from peers goes through {@link PrintableText}. Not thread-safe.
 */
final class Markup {
    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens {@code name} with attributes given as name, value pairs. */
    Markup open(String name, String... attributes) {
        start(name, attributes);
        out.append('>');
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    Markup close() {
        if (open.isEmpty()) {
            throw new IllegalStateException("no element is open");
        }
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** An element with no content, written {@code <name .../>}. */
    Markup empty(String name, String... attributes) {
        start(name, attributes);
        out.append("/>");
        return this;
    }

    /** An element holding only {@code text}. */
    Markup element(String name, String text, String... attributes) {
        return open(name, attributes).text(text).close();
    }

    /** Escaped text. */
    Markup text(String text) {
        escape(PrintableText.of(text), false);
        return this;
    }

    /** Text written as is: only for constants of this program (a style sheet, a doctype). */
    Markup trusted(String constant) {
        out.append(constant);
        return this;
    }

    /** The markup; every element must be closed. */
    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("elements still open: " + open);
        }
        return out.toString();
    }

    private void start(String name, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come as name, value pairs: " + attributes.length + " strings");
        }
        out.append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"");
            escape(PrintableText.of(attributes[i + 1]), true);
            out.append('"');
        }
    }

    private void escape(String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                default -> out.append(c);
            }
        }
    }
}
