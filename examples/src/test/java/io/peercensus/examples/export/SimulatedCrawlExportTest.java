package io.peercensus.examples.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.Crawlers;
import io.peercensus.Peer;
import io.peercensus.examples.cli.PeercensusCommand;
import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.Edge;
import io.peercensus.sink.JdbcSink;
import io.peercensus.testkit.SimulatedBitcoinNetwork;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Exports the graph of a real crawl of a simulated network in every format and checks each against the database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedCrawlExportTest {
    Path dir;
    Path db;
    String crawl;
    List<Edge> edges;
    Set<String> nodes;

    @BeforeAll
    void crawl(@TempDir Path tmp) throws Exception {
        dir = tmp;
        db = dir.resolve("sim.db");
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(200).seed(5).slowFraction(0).start()) {
            crawl = Crawlers.bitcoin().seed(net.seedEndpoints().get(0).canonical()).loopbackOnly(true)
                    .timeout(Duration.ofSeconds(2)).run(JdbcSink.sqlite(db)).crawl().crawlId();
        }
        nodes = new HashSet<>();
        try (CrawlStore store = CrawlStore.sqlite(db); Stream<Edge> e = store.edges(crawl); Stream<Peer> p = store.observations(crawl)) {
            edges = e.toList();
            p.forEach(peer -> nodes.add(peer.peerID()));
        }
        edges.forEach(e -> {
            nodes.add(e.from());
            nodes.add(e.to());
        });
        assertThat(edges).as("a crawl of 200 nodes gossips thousands of edges").hasSizeGreaterThan(1000);
    }

    private String export(String format) throws Exception {
        Path file = dir.resolve("graph." + format);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = PeercensusCommand.execute(new String[] {"export", "--db", db.toString(), "--crawl", crawl,
                "--format", format, "--out", file.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as(err.toString()).isZero();
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void graphMlHasEveryPeerAndEveryEdge() throws Exception {
        Document doc = GraphExportTest.xml(export("graphml"));
        assertThat(GraphExportTest.graphMlNodes(doc).keySet()).isEqualTo(nodes);
        assertThat(doc.getElementsByTagNameNS("http://graphml.graphdrawing.org/xmlns", "edge").getLength())
                .isEqualTo(edges.size());
    }

    @Test
    void dotIsStrictlyValidAndAcceptedByGraphvizWhenInstalled() throws Exception {
        String dot = export("dot");
        DotSyntax.Graph g = DotSyntax.parse(dot);
        assertThat(g.nodes().keySet()).isEqualTo(nodes);
        List<Edge> read = new ArrayList<>();
        g.edges().forEach(e -> read.add(new Edge(e[0], e[1])));
        assertThat(read).isEqualTo(edges);
        Optional<Path> gvpr = onPath("gvpr");
        if (gvpr.isPresent()) { // Debian package graphviz: its own DOT parser, no layout; the strict reading runs either way
            assertThat(graphviz(gvpr.get(), dir.resolve("graph.dot"))).isEqualTo(nodes.size() + " " + edges.size() + "\n");
        }
    }

    /** Graphviz's reading of {@code file}: "nodes edges", or a failure with what it printed on stderr. */
    static String graphviz(Path gvpr, Path file) throws Exception {
        Path out = Files.createTempFile("gvpr", ".out");
        Path err = Files.createTempFile("gvpr", ".err");
        try {
            Process p = new ProcessBuilder(gvpr.toString(), "BEG_G { printf(\"%d %d\\n\", nNodes($G), nEdges($G)) }",
                    file.toString()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gvpr did not end within 60 s");
            }
            assertThat(Files.readString(err)).as("gvpr stderr").isEmpty();
            assertThat(p.exitValue()).isZero();
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void csvRoundTripsTheEdgesTable() throws Exception {
        List<List<String>> records = Rfc4180.parse(export("csv"));
        assertThat(records.get(0)).containsExactly("from", "to");
        List<Edge> read = new ArrayList<>();
        records.subList(1, records.size()).forEach(r -> read.add(new Edge(r.get(0), r.get(1))));
        assertThat(read).isEqualTo(edges);
    }

    static Optional<Path> onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
