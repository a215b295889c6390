package io.peercensus.examples.export;

import io.peercensus.Peer;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes the edge list as RFC 4180 CSV: a {@code from,to} header, then one record per stored edge in the order the
 * crawl stored them, lines ended by CRLF. A field holding a comma, a quote, CR or LF is quoted and its quotes
 * doubled; nothing else is changed, so the file reads back to exactly the edges table. Not thread-safe.
 */
final class EdgeCsvWriter implements GraphWriter {
    private final Writer out;

    EdgeCsvWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void begin(StoredCrawl crawl) throws IOException {
        out.write("from,to\r\n");
    }

    @Override
    public void node(int index, String peerID, Peer observation) {
        // an edge list has no node records
    }

    @Override
    public void edge(long index, int from, String fromID, int to, String toID) throws IOException {
        out.write(field(fromID));
        out.write(',');
        out.write(field(toID));
        out.write("\r\n");
    }

    @Override
    public void end() throws IOException {
        out.flush();
    }

    /** {@code value} as a CSV field, quoted when it must be. */
    static String field(String value) {
        boolean quote = value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
