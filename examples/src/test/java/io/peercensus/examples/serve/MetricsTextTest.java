package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /metrics} is valid Prometheus text (checked by a strict parser) and agrees with {@code /stats}. */
class MetricsTextTest {

    @Test
    void metricsParseStrictlyAndMatchStats() throws Exception {
        try (ServeFixture f = ServeFixture.bind(150, 11, null, b -> b.maxCrawls(1))) {
            f.crawlOnce();
            HttpResponse<String> r = f.get("/metrics");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            Map<String, PrometheusText.Family> m = PrometheusText.parse(r.body());
            JsonNode stats = new ObjectMapper().readTree(f.get("/stats").body());
            JsonNode totals = stats.at("/networks/0/totals");
            PrometheusText.Family observations = m.get("peercensus_observations_total");
            assertThat(observations.type()).isEqualTo("counter");
            for (String status : new String[] {"reachable", "unreachable", "discovered"}) {
                assertThat(observations.value("peercensus_observations_total", "network", "bitcoin", "status", status))
                        .isEqualTo(totals.get(status).asDouble()).isPositive();
                assertThat(m.get("peercensus_crawl_peers").value("peercensus_crawl_peers", "network", "bitcoin", "status", status))
                        .isEqualTo(stats.at("/networks/0/latest/" + status).asDouble());
            }
            for (String c : new String[] {"timeout", "refused", "reset", "handshake", "protocol", "proxy"}) {
                assertThat(m.get("peercensus_unreachable_total").value("peercensus_unreachable_total", "network", "bitcoin", "class", c))
                        .isEqualTo(totals.at("/errors/" + c).asDouble());
            }
            PrometheusText.Family durations = m.get("peercensus_crawl_duration_seconds");
            assertThat(durations.type()).isEqualTo("histogram");
            assertThat(durations.value("peercensus_crawl_duration_seconds_count", "network", "bitcoin")).isEqualTo(1);
            assertThat(durations.value("peercensus_crawl_duration_seconds_sum", "network", "bitcoin"))
                    .isEqualTo(stats.at("/networks/0/latest/elapsedSeconds").asDouble(), org.assertj.core.data.Offset.offset(0.001));
            assertThat(m.get("peercensus_crawls_total").value("peercensus_crawls_total", "network", "bitcoin")).isEqualTo(1);
            assertThat(m.get("peercensus_crawl_running").value("peercensus_crawl_running", "network", "bitcoin")).isZero();
            assertThat(m.get("peercensus_feed_subscribers").value("peercensus_feed_subscribers")).isZero();
            assertThat(m.get("peercensus_feed_dropped_subscribers_total").value("peercensus_feed_dropped_subscribers_total")).isZero();
            assertThat(m.get("peercensus_feed_published_total").value("peercensus_feed_published_total"))
                    .isEqualTo(totals.get("observations").asDouble());
            assertThat(m.values()).allSatisfy(fam -> assertThat(fam.help()).isNotBlank());
        }
    }

    @Test
    void labelValuesAreEscapedAsTheFormatSays() {
        assertThat(MetricsText.escape("a\\b\"c\nd")).isEqualTo("a\\\\b\\\"c\\nd");
        String text = "# TYPE x gauge\nx{l=\"" + MetricsText.escape("a\\b\"c\nd") + "\"} 1\n";
        assertThat(PrometheusText.parse(text).get("x").samples().get(0).labels()).containsEntry("l", "a\\b\"c\nd");
        assertThat(MetricsText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(MetricsText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(MetricsText.number(3)).isEqualTo("3");
        assertThat(MetricsText.number(2.5)).isEqualTo("2.5");
    }

    @Test
    void theStrictParserRejectsWhatTheFormatForbids() {
        assertThatThrownBy(() -> PrometheusText.parse("x 1")).hasMessageContaining("end with a line feed");
        assertThatThrownBy(() -> PrometheusText.parse("x 1\n# TYPE x gauge\n")).hasMessageContaining("TYPE for x after its samples");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\n# TYPE x gauge\n")).hasMessageContaining("second TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("x 1\ny 1\nx{a=\"b\"} 2\n")).hasMessageContaining("not in one group");
        assertThatThrownBy(() -> PrometheusText.parse("x{a=\"\\t\"} 1\n")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> PrometheusText.parse("x{a=b} 1\n")).hasMessageContaining("must be quoted");
        assertThatThrownBy(() -> PrometheusText.parse("1x 1\n")).hasMessageContaining("bad metric name");
        assertThatThrownBy(() -> PrometheusText.parse("x one\n")).hasMessageContaining("bad value");
        assertThatThrownBy(() -> PrometheusText.parse("x 1\nx 2\n")).hasMessageContaining("duplicate sample");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x counter\nx -1\n")).hasMessageContaining("counter x is -1");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n"))
                .hasMessageContaining("buckets must grow");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n"))
                .hasMessageContaining("no +Inf bucket");
    }
}
