package io.peercensus.examples.export;

import io.peercensus.Peer;
import io.peercensus.examples.report.PrintableText;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.io.Writer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes GraphML: a directed graph whose nodes have ids {@code n0, n1, ...} (a peer ID is no valid XML id: IPv6
 * addresses hold brackets) and {@code peerID}, {@code status}, {@code agent} and {@code error} data; edges
 * {@code e0, e1, ...}. Text goes through {@link PrintableText}, so characters XML 1.0 cannot hold (a NUL in a user
 * agent) arrive as {@code \}{@code uXXXX}. Not thread-safe.
 */
final class GraphMlWriter implements GraphWriter {
    private static final String NAMESPACE = "http://graphml.graphdrawing.org/xmlns";
    private static final String[] NODE_KEYS = {"peerID", "status", "agent", "error"};

    private final Writer target;
    private final XMLStreamWriter xml;

    GraphMlWriter(Writer out) {
        this.target = out;
        try {
            this.xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the JDK's XML writer cannot be created", e);
        }
    }

    @Override
    public void begin(StoredCrawl crawl) throws IOException {
        try {
            xml.writeStartDocument("UTF-8", "1.0");
            newline();
            xml.writeStartElement("graphml");
            xml.writeDefaultNamespace(NAMESPACE);
            newline();
            key("crawl", "graph");
            key("network", "graph");
            for (String k : NODE_KEYS) {
                key(k, "node");
            }
            xml.writeStartElement("graph");
            xml.writeAttribute("id", "G");
            xml.writeAttribute("edgedefault", "directed");
            newline();
            data("crawl", crawl.crawlId());
            data("network", crawl.network().name());
        } catch (XMLStreamException e) {
            throw failure(e);
        }
    }

    @Override
    public void node(int index, String peerID, Peer observation) throws IOException {
        try {
            xml.writeStartElement("node");
            xml.writeAttribute("id", "n" + index);
            data("peerID", peerID);
            data("status", GraphWriter.status(observation));
            data("agent", GraphWriter.agent(observation));
            data("error", GraphWriter.error(observation));
            xml.writeEndElement();
            newline();
        } catch (XMLStreamException e) {
            throw failure(e);
        }
    }

    @Override
    public void edge(long index, int from, String fromID, int to, String toID) throws IOException {
        try {
            xml.writeEmptyElement("edge");
            xml.writeAttribute("id", "e" + index);
            xml.writeAttribute("source", "n" + from);
            xml.writeAttribute("target", "n" + to);
            newline();
        } catch (XMLStreamException e) {
            throw failure(e);
        }
    }

    @Override
    public void end() throws IOException {
        try {
            xml.writeEndElement(); // graph
            newline();
            xml.writeEndElement(); // graphml
            newline();
            xml.writeEndDocument();
            xml.flush();
            target.flush();
        } catch (XMLStreamException e) {
            throw failure(e);
        }
    }

    private void key(String name, String scope) throws XMLStreamException {
        xml.writeEmptyElement("key");
        xml.writeAttribute("id", name);
        xml.writeAttribute("for", scope);
        xml.writeAttribute("attr.name", name);
        xml.writeAttribute("attr.type", "string");
        newline();
    }

    private void data(String key, String value) throws XMLStreamException {
        xml.writeStartElement("data");
        xml.writeAttribute("key", key);
        xml.writeCharacters(PrintableText.of(value));
        xml.writeEndElement();
    }

    private void newline() throws XMLStreamException {
        xml.writeCharacters("\n");
    }

    private static IOException failure(XMLStreamException e) {
        return e.getCause() instanceof IOException io ? io : new IOException("cannot write GraphML: " + e.getMessage(), e);
    }
}
