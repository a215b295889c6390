package io.peercensus.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercensus.CrawlSummary;
import io.peercensus.Crawlers;
import io.peercensus.address.Endpoint;
import io.peercensus.examples.cli.PeercensusCommand;
import io.peercensus.sink.JdbcSink;
import io.peercensus.testkit.SimulatedBitcoinNetwork;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Reports on real crawls of simulated networks. The simulator cannot take nodes away from a running network, so the
 * "removed" nodes are a whole second network: crawl 1 starts from the seeds of networks A and B, then B is shut
 * down and crawl 2 starts from the seeds of A and a third network C. The ground truth says exactly which reachable
 * nodes went (B's) and came (C's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedCrawlsReportTest {
    Path dir;
    Path db;
    String first;
    String second;
    SimulatedBitcoinNetwork a;
    SimulatedBitcoinNetwork c;
    Set<String> reachableA;
    Set<String> reachableB;
    Set<String> reachableC;

    private static SimulatedBitcoinNetwork network(int nodes, long seed) {
        return SimulatedBitcoinNetwork.builder().classicMix().nodes(nodes).seed(seed).slowFraction(0).start(); // a report test: the classic mix is crawled whole within 2 s waits
    }

    private static Set<String> reachable(SimulatedBitcoinNetwork net) {
        return net.groundTruth().reachable().stream().map(Endpoint::canonical).collect(Collectors.toCollection(TreeSet::new));
    }

    private String crawl(SimulatedBitcoinNetwork... nets) throws Exception {
        var builder = Crawlers.bitcoin().loopbackOnly(true).timeout(Duration.ofSeconds(2));
        for (SimulatedBitcoinNetwork n : nets) {
            builder.seed(n.seedEndpoints().get(0).canonical());
        }
        CrawlSummary summary = builder.run(JdbcSink.sqlite(db));
        return summary.crawl().crawlId();
    }

    @BeforeAll
    void crawlTwice(@TempDir Path tmp) throws Exception {
        dir = tmp;
        db = dir.resolve("sim.db");
        a = network(300, 11);
        c = network(40, 13);
        reachableA = reachable(a);
        reachableC = reachable(c);
        try (SimulatedBitcoinNetwork b = network(40, 12)) {
            reachableB = reachable(b);
            first = crawl(a, b);
        }
        second = crawl(a, c);
    }

    @AfterAll
    void stop() {
        if (a != null) {
            a.close();
        }
        if (c != null) {
            c.close();
        }
    }

    private record Run(int status, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = PeercensusCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void htmlReportLoadsNothingAndShowsTheTotalsOfTheJsonReport() throws Exception {
        Path html = dir.resolve("report.html");
        Run h = cli("report", "--db", db.toString(), "--crawl", first, "--format", "html", "--out", html.toString());
        assertThat(h.status()).as(h.err()).isZero();
        Run j = cli("report", "--db", db.toString(), "--crawl", first, "--format", "json");
        assertThat(j.status()).as(j.err()).isZero();
        Document doc = SelfContainedHtml.check(Files.readString(html, StandardCharsets.UTF_8));
        JsonNode json = new ObjectMapper().readTree(j.out());

        Map<String, Long> jsonTotals = new LinkedHashMap<>();
        json.get("totals").fields().forEachRemaining(e -> jsonTotals.put(e.getKey(), e.getValue().asLong()));
        assertThat(SelfContainedHtml.totals(doc)).isEqualTo(jsonTotals);
        assertThat(jsonTotals.get("reachable")).as("every reachable node of A and B")
                .isEqualTo(reachableA.size() + reachableB.size());
        Map<String, Long> jsonErrors = new LinkedHashMap<>();
        json.get("errors").forEach(e -> jsonErrors.put(e.get("name").asText(), e.get("count").asLong()));
        assertThat(SelfContainedHtml.chart(doc, "errors")).isEqualTo(jsonErrors);
        assertThat(jsonErrors.get("refused")).as("dead nodes").isPositive();
        assertThat(jsonErrors.get("timeout")).as("tarpits and black holes").isPositive();
        assertThat(jsonErrors.get("protocol")).as("hostile nodes").isPositive();
        long neighbours = 0;
        for (JsonNode b : json.get("neighbours")) {
            neighbours += b.get("count").asLong();
        }
        assertThat(SelfContainedHtml.chart(doc, "neighbours").values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(neighbours).isPositive();
        assertThat(json.at("/networkTypes/0/name").asText()).isEqualTo("ipv4");
        assertThat(json.at("/networkTypes/0/count").asLong()).isGreaterThanOrEqualTo(jsonTotals.get("reachable"));
        assertThat(json.at("/networkTypes/3/name").asText()).isEqualTo("torv3");
        assertThat(json.at("/networkTypes/3/count").asLong()).as("onion addresses gossiped in addrv2").isPositive();
    }

    @Test
    void compareListsExactlyTheReachableNodesOfTheRemovedAndTheAddedNetwork() throws Exception {
        Run r = cli("report", "--db", db.toString(), "--compare", first, second, "--format", "json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(reachableB).as("nodes removed").hasSizeGreaterThan(10);
        assertThat(reachableC).as("nodes added").hasSizeGreaterThan(10);
        assertThat(texts(json.get("disappeared"))).isEqualTo(List.copyOf(reachableB));
        assertThat(texts(json.get("appeared"))).isEqualTo(List.copyOf(reachableC));
        assertThat(json.get("changed")).as("the same nodes run the same software").isEmpty();
        Run text = cli("report", "--db", db.toString(), "--compare", first, second);
        assertThat(text.out()).contains("disappeared (" + reachableB.size() + ")", "appeared (" + reachableC.size() + ")");
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void reportDefaultsToTheLatestCrawl() {
        Run r = cli("report", "--db", db.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("crawl " + second + " of bitcoin");
    }
}
