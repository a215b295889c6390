package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peercensus.PeerStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Coverage-guided fuzz test of the service's query parsing (docs/FUZZING.md): {@link Routes#query}, the pure
 * function every route's query string goes through, and the {@code status=} filter's parsing. Without
 * {@code JAZZER_FUZZ} it replays the seed corpus under {@code QueryFuzzTestInputs/}.
 */
class QueryFuzzTest {

    /**
     * A raw query (read as UTF-8) parses to parameters or is refused with {@link IllegalArgumentException}, the
     * exception the routes answer with 400; parameters written back as a query parse to the same parameters; a
     * {@code status} value is a status or refused the same way.
     */
    @FuzzTest(maxDuration = "10m")
    void queryParsesOrRefuses(byte[] utf8) {
        String raw = new String(utf8, StandardCharsets.UTF_8);
        Map<String, String> query;
        try {
            query = Routes.query(raw);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotEmpty();
            return;
        }
        assertThat(query.size()).isLessThanOrEqualTo(raw.split("&", -1).length);
        StringJoiner written = new StringJoiner("&");
        query.forEach((k, v) -> written.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        if (written.length() <= 2000) {
            assertThat(Routes.query(written.toString())).isEqualTo(query);
        }
        if (query.containsKey("status")) {
            try {
                assertThat(PeerStatus.ofJsonName(query.get("status")).jsonName()).isEqualTo(query.get("status"));
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotEmpty();
            }
        }
    }
}
