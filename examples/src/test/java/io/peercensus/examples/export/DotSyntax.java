package io.peercensus.examples.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the DOT subset {@link DotWriter} writes, following the DOT grammar's lexical rules: a quoted
 * string ends at the first {@code "} not preceded by a backslash and {@code \"} is its only escape; IDs are
 * quoted strings or alphanumeric names. Anything else (a raw newline in a string, a missing {@code ;}, an unknown
 * statement, text after the closing brace, two backslashes in a row) is an error naming the offset.
 */
final class DotSyntax {
    /** The graph read: node attributes by node ID, edges as [from, to] pairs, graph attributes. */
    record Graph(Map<String, Map<String, String>> nodes, List<String[]> edges, Map<String, String> attributes) {
    }

    private final String text;
    private int pos;

    private DotSyntax(String text) {
        this.text = text;
    }

    static Graph parse(String text) {
        return new DotSyntax(text).graph();
    }

    private Graph graph() {
        expectWord("digraph");
        String name = id();
        if (!name.equals("peers")) {
            throw error("graph name peers");
        }
        expect("{");
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        List<String[]> edges = new ArrayList<>();
        Map<String, String> graphAttributes = new LinkedHashMap<>();
        while (!peek("}")) {
            if (peekWord("node")) {
                expectWord("node");
                attributes();
            } else {
                String first = id();
                if (peek("=")) {
                    expect("=");
                    graphAttributes.put(first, id());
                } else if (peek("->")) {
                    expect("->");
                    edges.add(new String[] {first, id()});
                } else {
                    Map<String, String> a = attributes();
                    if (nodes.put(first, a) != null) {
                        throw error("each node stated once, got " + first + " again");
                    }
                }
            }
            expect(";");
        }
        expect("}");
        skipSpace();
        if (pos != text.length()) {
            throw error("end of input");
        }
        return new Graph(nodes, edges, graphAttributes);
    }

    private Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        expect("[");
        while (!peek("]")) {
            if (!a.isEmpty()) {
                expect(",");
            }
            String k = id();
            expect("=");
            a.put(k, id());
        }
        expect("]");
        return a;
    }

    private String id() {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '"') {
            StringBuilder b = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw error("closing quote");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\n' || c == '\r' || c < 0x20) {
                    throw error("no control character inside a quoted string");
                }
                if (c == '\\' && pos < text.length() && text.charAt(pos) == '\\') {
                    throw error("no two backslashes in a row (Graphviz versions read them differently)");
                }
                if (c == '\\' && pos < text.length() && text.charAt(pos) == '"') {
                    b.append('"');
                    pos++;
                } else {
                    b.append(c);
                }
            }
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos || Character.isDigit(text.charAt(start))) {
            throw error("an ID");
        }
        return text.substring(start, pos);
    }

    private boolean peek(String token) {
        skipSpace();
        return text.startsWith(token, pos);
    }

    private boolean peekWord(String word) {
        skipSpace();
        int end = pos + word.length();
        return text.startsWith(word, pos) && (end >= text.length() || !Character.isLetterOrDigit(text.charAt(end)));
    }

    private void expect(String token) {
        if (!peek(token)) {
            throw error("'" + token + "'");
        }
        pos += token.length();
    }

    private void expectWord(String word) {
        if (!peekWord(word)) {
            throw error("keyword " + word);
        }
        pos += word.length();
    }

    private void skipSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\n' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private IllegalArgumentException error(String expected) {
        int end = Math.min(text.length(), pos + 30);
        return new IllegalArgumentException("DOT: expected " + expected + " at offset " + pos + ", got '"
                + text.substring(pos, end) + "'");
    }
}
