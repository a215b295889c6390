package io.peercensus.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.sink.CrawlStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class HtmlReportTest {
    @TempDir
    Path dir;

    private CrawlReport sample() throws Exception {
        Path db = dir.resolve("crawls.db");
        SampleCrawls.store(db, SampleCrawls.bitcoin("c1"));
        try (CrawlStore store = CrawlStore.sqlite(db)) {
            return CrawlReport.compute(store, store.crawl("c1").orElseThrow(), 10);
        }
    }

    @Test
    void isOneWellFormedPageThatLoadsNothing() throws Exception {
        Document doc = SelfContainedHtml.check(HtmlReport.render(sample()));
        assertThat(doc.getElementsByTagName("style").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("svg").getLength()).as("inline SVG charts: status, software, agents,"
                + " network types, errors, neighbours").isEqualTo(6);
    }

    @Test
    void showsTheTotalsAndChartsOfTheReport() throws Exception {
        CrawlReport r = sample();
        Document doc = SelfContainedHtml.check(HtmlReport.render(r));
        assertThat(SelfContainedHtml.totals(doc)).containsExactly(Map.entry("peers", 9L), Map.entry("reachable", 4L),
                Map.entry("unreachable", 2L), Map.entry("discovered", 3L), Map.entry("observations", 10L),
                Map.entry("edges", 6L));
        assertThat(SelfContainedHtml.chart(doc, "errors")).containsEntry("timeout", 1L).containsEntry("refused", 1L)
                .containsEntry("proxy", 0L).hasSize(6);
        assertThat(SelfContainedHtml.chart(doc, "networkTypes")).containsEntry("IPv4", 5L).containsEntry("CJDNS", 1L)
                .containsEntry("Tor v3", 1L).containsEntry("I2P", 1L);
        assertThat(SelfContainedHtml.chart(doc, "neighbours")).containsOnlyKeys("0", "1-9", "10-49", "50-99", "100-249",
                "250-499", "500-999", "1000+").containsEntry("1000+", 1L);
        assertThat(SelfContainedHtml.chart(doc, "software")).containsEntry("Satoshi", 2L);
    }

    @Test
    void escapesWhatPeersSentSoItCannotBecomeMarkup() throws Exception {
        String html = HtmlReport.render(sample());
        assertThat(html).doesNotContain("<script>", "\u0000", "\u2028")
                .contains("evil\\u0000\"&lt;script&gt;&amp;\\u000a\\u2028", "data-name=\"evil\\u0000&quot;&lt;script&gt;&amp;");
    }
}
