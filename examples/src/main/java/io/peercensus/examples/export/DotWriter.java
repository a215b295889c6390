package io.peercensus.examples.export;

import io.peercensus.Peer;
import io.peercensus.examples.report.PrintableText;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes Graphviz DOT: {@code digraph peers { ... }} with every ID a quoted string (see {@link #quoted}); control
 * characters go through {@link PrintableText}. Nodes carry
 * {@code status}, {@code agent}, {@code error} and a {@code color} by status. Not thread-safe.
 */
final class DotWriter implements GraphWriter {
    private final Writer out;

    DotWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void begin(StoredCrawl crawl) throws IOException {
        out.write("digraph peers {\n");
        out.write("  label=" + quoted("crawl " + crawl.crawlId() + " of " + crawl.network().name()) + ";\n");
        out.write("  node [shape=point];\n");
    }

    @Override
    public void node(int index, String peerID, Peer observation) throws IOException {
        out.write("  " + quoted(peerID) + " [status=" + quoted(GraphWriter.status(observation))
                + ", agent=" + quoted(GraphWriter.agent(observation))
                + ", error=" + quoted(GraphWriter.error(observation))
                + ", color=" + quoted(colour(observation)) + "];\n");
    }

    @Override
    public void edge(long index, int from, String fromID, int to, String toID) throws IOException {
        out.write("  " + quoted(fromID) + " -> " + quoted(toID) + ";\n");
    }

    @Override
    public void end() throws IOException {
        out.write("}\n");
        out.flush();
    }

    private static String colour(Peer observation) {
        if (observation == null) {
            return "gray";
        }
        return switch (observation.status()) {
            case REACHABLE -> "forestgreen";
            case UNREACHABLE -> "firebrick";
            case DISCOVERED -> "gray50";
        };
    }

    /**
     * {@code text} as a DOT quoted string: {@code "} as {@code \"}; a backslash as itself, except before a quote,
     * before another backslash or at the end, where it is written {@code \}{@code u005c}. Graphviz versions differ on
     * whether {@code \\} is an escape, so the output never holds two backslashes in a row.
     */
    static String quoted(String text) {
        String s = PrintableText.of(text);
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                b.append("\\\"");
            } else if (c == '\\' && (i + 1 == s.length() || s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                b.append("\\u005c");
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
