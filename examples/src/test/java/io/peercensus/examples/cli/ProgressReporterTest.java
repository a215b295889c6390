package io.peercensus.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.CrawlProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static CrawlProgress at(int second) {
        return new CrawlProgress(Duration.ofSeconds(second), 100L * second, 50L * second, 10, 5, 20, 30);
    }

    @Test
    void onATerminalRedrawsOneLineInPlace() {
        ProgressReporter r = new ProgressReporter(err, true);
        r.progress(at(1));
        r.progress(at(2));
        r.finished();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\r   1s  found 100  reachable 50  unreachable 10  discovered 5  in flight 20  queued 30")
                .contains("\u001b[K\r   2s  found 200").endsWith("\n");
        assertThat(out.chars().filter(c -> c == '\n').count()).as("one line, ended once").isEqualTo(1);
    }

    @Test
    void elsewhereLogsAPlainLineEveryTenSeconds() {
        ProgressReporter r = new ProgressReporter(err, false);
        for (int s = 1; s <= 25; s++) {
            r.progress(at(s));
        }
        r.finished();
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "progress: 10s  found 1000  reachable 500  unreachable 10  discovered 5  in flight 20  queued 30  51/s  handshakes 500",
                "progress: 20s  found 2000  reachable 1000  unreachable 10  discovered 5  in flight 20  queued 30  51/s  handshakes 1000");
    }
}
