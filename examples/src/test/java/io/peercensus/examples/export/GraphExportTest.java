package io.peercensus.examples.export;

import static io.peercensus.examples.report.SampleCrawls.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.examples.report.SampleCrawls;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.Edge;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class GraphExportTest {
    static final String WEIRD = "we\"ird,id\\";

    @TempDir
    Path dir;

    private String export(SampleCrawls.Crawl crawl, GraphFormat format) throws Exception {
        Path db = dir.resolve("g.db");
        SampleCrawls.store(db, crawl);
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            StringWriter out = new StringWriter();
            GraphExport.write(store, store.crawl(crawl.id()).orElseThrow(), format, out);
            return out.toString();
        }
    }

    /** A libp2p crawl whose peer IDs hold a quote, a comma, a backslash, a newline and a NUL. */
    static SampleCrawls.Crawl oddIds() {
        Peer weird = Peer.builder().network(Network.IPFS).peerID(WEIRD).status(PeerStatus.REACHABLE).seenAt(T0)
                .agentVersion("a\u0000b\nc<&>").build();
        Peer plain = Peer.builder().network(Network.IPFS).peerID("12D3KooWA").status(PeerStatus.DISCOVERED).seenAt(T0).build();
        Map<String, List<String>> edges = new LinkedHashMap<>();
        edges.put(WEIRD, List.of("12D3KooWA", "line\nbreak", "nul\u0000id"));
        edges.put("12D3KooWA", List.of(WEIRD));
        return new SampleCrawls.Crawl("g1", Network.IPFS, T0, List.of(weird, plain), edges);
    }

    static Document xml(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, Map<String, String>> graphMlNodes(Document doc) {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        NodeList list = doc.getElementsByTagNameNS("http://graphml.graphdrawing.org/xmlns", "node");
        for (int i = 0; i < list.getLength(); i++) {
            Element n = (Element) list.item(i);
            Map<String, String> data = new LinkedHashMap<>();
            NodeList d = n.getElementsByTagNameNS("http://graphml.graphdrawing.org/xmlns", "data");
            for (int j = 0; j < d.getLength(); j++) {
                Element e = (Element) d.item(j);
                data.put(e.getAttribute("key"), e.getTextContent());
            }
            data.put("id", n.getAttribute("id"));
            nodes.put(data.get("peerID"), data);
        }
        return nodes;
    }

    @Test
    void graphMlHasOneNodePerPeerAndOneEdgePerRow() throws Exception {
        Document doc = xml(export(SampleCrawls.bitcoin("c1"), GraphFormat.GRAPHML));
        Map<String, Map<String, String>> nodes = graphMlNodes(doc);
        assertThat(nodes).hasSize(10); // 9 peers observed + 99.99.99.99:8333 named only by an edge
        assertThat(nodes.get("99.99.99.99:8333")).containsEntry("status", "unobserved");
        assertThat(nodes.get("5.6.7.8:18333")).containsEntry("status", "unreachable").containsEntry("error", "timeout");
        assertThat(nodes.get("4.4.4.4:8333")).containsEntry("agent", "evil\\u0000\"<script>&\\u000a\\u2028");
        NodeList edges = doc.getElementsByTagNameNS("http://graphml.graphdrawing.org/xmlns", "edge");
        assertThat(edges.getLength()).isEqualTo(6);
        Element first = (Element) edges.item(0);
        assertThat(first.getAttribute("source")).isEqualTo(nodes.get("1.2.3.4:8333").get("id"));
        assertThat(first.getAttribute("target")).isEqualTo(nodes.get("[2001:db8::1]:8333").get("id"));
        Element graph = (Element) doc.getElementsByTagNameNS("http://graphml.graphdrawing.org/xmlns", "graph").item(0);
        assertThat(graph.getAttribute("edgedefault")).isEqualTo("directed");
    }

    @Test
    void graphMlEscapesOddPeerIdsAndAgents() throws Exception {
        Map<String, Map<String, String>> nodes = graphMlNodes(xml(export(oddIds(), GraphFormat.GRAPHML)));
        assertThat(nodes).containsOnlyKeys(WEIRD, "12D3KooWA", "line\\u000abreak", "nul\\u0000id");
        assertThat(nodes.get(WEIRD)).containsEntry("agent", "a\\u0000b\\u000ac<&>");
    }

    @Test
    void dotPassesAStrictReadingWithEveryNodeAndEdge() throws Exception {
        DotSyntax.Graph g = DotSyntax.parse(export(SampleCrawls.bitcoin("c1"), GraphFormat.DOT));
        assertThat(g.nodes()).hasSize(10);
        assertThat(g.edges()).hasSize(6);
        assertThat(g.edges().get(0)).containsExactly("1.2.3.4:8333", "[2001:db8::1]:8333");
        assertThat(g.nodes().get("99.99.99.99:8333")).containsEntry("status", "unobserved");
        assertThat(g.nodes().get("9.9.9.9:8333")).containsEntry("error", "refused").containsEntry("color", "firebrick");
        assertThat(g.attributes()).containsEntry("label", "crawl c1 of bitcoin");
    }

    @Test
    void dotQuotesQuotesAndBackslashesSoNoStringEndsEarly() throws Exception {
        String dot = export(oddIds(), GraphFormat.DOT);
        assertThat(dot).contains("\"we\\\"ird,id\\u005c\" -> \"12D3KooWA\";");
        DotSyntax.Graph g = DotSyntax.parse(dot);
        assertThat(g.nodes()).containsOnlyKeys("we\"ird,id\\u005c", "12D3KooWA", "line\\u000abreak", "nul\\u0000id");
        assertThat(g.edges()).hasSize(4);
        Optional<Path> gvpr = SimulatedCrawlExportTest.onPath("gvpr");
        if (gvpr.isPresent()) { // Graphviz reads the same four nodes and edges
            Path file = Files.writeString(dir.resolve("odd.dot"), dot, StandardCharsets.UTF_8);
            assertThat(SimulatedCrawlExportTest.graphviz(gvpr.get(), file)).isEqualTo("4 4\n");
        }
    }

    @Test
    void dotRejectsWhatItShouldForTheStrictReaderToMeanAnything() {
        assertThatThrownBy(() -> DotSyntax.parse("digraph peers {\n  \"a\\\" -> \"b\";\n}\n"))
                .hasMessageStartingWith("DOT: expected");
        assertThatThrownBy(() -> DotSyntax.parse("digraph peers {\n  \"a\\\\\" -> \"b\";\n}\n"))
                .hasMessageStartingWith("DOT: expected no two backslashes in a row");
        assertThatThrownBy(() -> DotSyntax.parse("digraph peers {\n  \"a\" -> \"b\"\n}\n"))
                .hasMessageStartingWith("DOT: expected ';'");
    }

    @Test
    void csvRoundTripsTheEdgesTable() throws Exception {
        for (SampleCrawls.Crawl crawl : List.of(SampleCrawls.bitcoin("c1"), oddIds())) {
            Path db = dir.resolve(crawl.id() + ".db");
            SampleCrawls.store(db, crawl);
            try (CrawlStore store = CrawlStore.sqlite(db); Stream<Edge> stored = store.edges(crawl.id())) {
                StringWriter out = new StringWriter();
                GraphExport.write(store, store.crawl(crawl.id()).orElseThrow(), GraphFormat.CSV, out);
                List<List<String>> records = Rfc4180.parse(out.toString());
                assertThat(records.get(0)).containsExactly("from", "to");
                List<Edge> read = new ArrayList<>();
                records.subList(1, records.size()).forEach(r -> read.add(new Edge(r.get(0), r.get(1))));
                assertThat(read).isEqualTo(stored.toList());
            }
        }
    }

    @Test
    void csvQuotesOnlyFieldsThatNeedIt() throws Exception {
        assertThat(export(oddIds(), GraphFormat.CSV)).isEqualTo("from,to\r\n"
                + "\"we\"\"ird,id\\\",12D3KooWA\r\n"
                + "\"we\"\"ird,id\\\",\"line\nbreak\"\r\n"
                + "\"we\"\"ird,id\\\",nul\u0000id\r\n"
                + "12D3KooWA,\"we\"\"ird,id\\\"\r\n");
    }
}
