package io.peercensus.examples.export;

import java.io.Writer;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The formats {@code export} writes a crawl's peer graph in. Immutable and thread-safe. */
public enum GraphFormat {
    /** GraphML: nodes with peerID, status, agent and error attributes, directed edges. */
    GRAPHML,
    /** Graphviz DOT: a {@code digraph} with quoted node IDs and the same attributes. */
    DOT,
    /** The edge list as RFC 4180 CSV with a {@code from,to} header. */
    CSV;

    /** A writer of this format onto {@code out}. */
    GraphWriter writerTo(Writer out) {
        return switch (this) {
            case GRAPHML -> new GraphMlWriter(out);
            case DOT -> new DotWriter(out);
            case CSV -> new EdgeCsvWriter(out);
        };
    }

    /** Reads {@code --format}: {@code graphml}, {@code dot} or {@code csv}. Thread-safe. */
    static final class Converter implements ITypeConverter<GraphFormat> {
        @Override
        public GraphFormat convert(String value) {
            for (GraphFormat f : values()) {
                if (f.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a graph format (expected graphml, dot or csv)");
        }
    }
}
