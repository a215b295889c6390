package io.peercensus.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercensus.CrawlInfo;
import io.peercensus.Network;
import io.peercensus.Peer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonSinkTest {

    /** Records flushes and closes of the stream a sink writes to. */
    private static final class Recording extends ByteArrayOutputStream {
        int flushes;
        boolean closed;

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesOnePeerPerLineThatAStandardParserReadsBack() throws IOException {
        Recording out = new Recording();
        try (NdjsonSink sink = NdjsonSink.to(out)) {
            for (Peer p : SamplePeers.all()) {
                sink.accept(p);
            }
        }

        String text = out.text();
        assertThat(text).endsWith("\n");
        String[] lines = text.split("\n", -1);
        assertThat(lines).hasSize(SamplePeers.all().size() + 1);
        assertThat(lines[lines.length - 1]).isEmpty();
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < SamplePeers.all().size(); i++) {
            Peer expected = SamplePeers.all().get(i);
            assertThat(lines[i]).startsWith("{\"network\":");
            assertThat(mapper.readTree(lines[i]).get("agentVersion").textValue()).isEqualTo(expected.agentVersion());
            assertThat(PeerJson.fromJson(lines[i])).isEqualTo(expected);
        }
    }

    @Test
    void oddAgentVersionStaysOnOneLine() throws IOException {
        Recording out = new Recording();
        try (NdjsonSink sink = NdjsonSink.to(out)) {
            sink.accept(SamplePeers.reachableBitcoin());
        }

        byte[] bytes = out.toByteArray();
        int newlines = 0;
        for (byte b : bytes) {
            assertThat(b & 0xff).isBetween(0x0A, 0x7E);
            newlines += b == '\n' ? 1 : 0;
        }
        assertThat(newlines).isOne();
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        assertThat(PeerJson.fromJson(out.text().strip())).isEqualTo(SamplePeers.reachableBitcoin());
    }

    @Test
    void writesNoEdgesOrCrawlEvents() throws IOException {
        Recording out = new Recording();
        try (NdjsonSink sink = NdjsonSink.to(out)) {
            sink.crawlStarted(new CrawlInfo("c1", Network.BITCOIN, SamplePeers.SEEN, Map.of()));
            sink.edges("1.2.3.4:8333", List.of("5.6.7.8:8333"));
            sink.accept(SamplePeers.unreachable());
        }

        assertThat(out.text()).isEqualTo(PeerJson.toJson(SamplePeers.unreachable()) + "\n");
    }

    @Test
    void buffersUntilCloseByDefault() throws IOException {
        Recording out = new Recording();
        NdjsonSink sink = NdjsonSink.to(out);
        sink.accept(SamplePeers.unreachable());

        assertThat(out.size()).isZero();
        sink.close();
        assertThat(out.text()).isEqualTo(PeerJson.toJson(SamplePeers.unreachable()) + "\n");
    }

    @Test
    void flushEachLineMakesEveryLineVisibleAtOnce() throws IOException {
        Recording out = new Recording();
        try (NdjsonSink sink = NdjsonSink.to(out).flushEachLine(true)) {
            sink.accept(SamplePeers.unreachable());
            assertThat(out.text()).isEqualTo(PeerJson.toJson(SamplePeers.unreachable()) + "\n");
            assertThat(out.flushes).isOne();
            sink.accept(SamplePeers.discoveredOnion());
            assertThat(out.text()).endsWith(PeerJson.toJson(SamplePeers.discoveredOnion()) + "\n");
            assertThat(out.flushes).isEqualTo(2);
        }
    }

    @Test
    void closeFlushesButDoesNotCloseAStreamItWasGiven() throws IOException {
        Recording out = new Recording();
        NdjsonSink sink = NdjsonSink.to(out);
        sink.accept(SamplePeers.discoveredOnion());
        sink.close();
        sink.close();

        assertThat(out.closed).isFalse();
        assertThat(out.flushes).isPositive();
        assertThatThrownBy(() -> sink.accept(SamplePeers.discoveredOnion())).isInstanceOf(IOException.class)
                .hasMessage("NDJSON sink is closed");
    }

    @Test
    void writesAFileItOpensAndReplacesOldContent(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("peers.ndjson");
        Files.writeString(file, "old content that must go\n".repeat(100));
        List<Peer> peers = new ArrayList<>();
        try (NdjsonSink sink = NdjsonSink.to(file)) {
            for (int i = 0; i < 5000; i++) {
                Peer p = SamplePeers.generated(i);
                peers.add(p);
                sink.accept(p);
            }
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(peers.size());
        List<Peer> read = new ArrayList<>();
        for (String line : lines) {
            read.add(PeerJson.fromJson(line));
        }
        assertThat(read).isEqualTo(peers);
    }

    @Test
    void appendToKeepsEarlierCrawlsLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("monitor.ndjson");
        try (NdjsonSink first = NdjsonSink.appendTo(file)) {
            first.accept(SamplePeers.generated(1));
        }
        try (NdjsonSink second = NdjsonSink.appendTo(file)) {
            second.accept(SamplePeers.generated(2));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(PeerJson.fromJson(lines.get(0))).isEqualTo(SamplePeers.generated(1));
        assertThat(PeerJson.fromJson(lines.get(1))).isEqualTo(SamplePeers.generated(2));
    }

    @Test
    void appendToDropsALastLineCutShortByAKilledProcess(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("killed.ndjson");
        String whole = PeerJson.toJson(SamplePeers.generated(1)) + "\n";
        // 9,000 bytes of whole lines, then half a line: the cut spans the 8 KB chunk the sink reads back from the end
        StringBuilder before = new StringBuilder();
        while (before.length() < 9000) {
            before.append(whole);
        }
        String cut = PeerJson.toJson(SamplePeers.generated(2)).substring(0, 40);
        Files.writeString(file, before + cut, StandardCharsets.UTF_8);

        try (NdjsonSink resumed = NdjsonSink.appendTo(file)) {
            resumed.accept(SamplePeers.generated(3));
        }

        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo(before + PeerJson.toJson(SamplePeers.generated(3)) + "\n");
    }

    @Test
    void appendToAFileWithoutAnyWholeLineStartsItAfresh(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cut.ndjson");
        Files.writeString(file, "{\"network\":\"bitc", StandardCharsets.UTF_8);
        try (NdjsonSink resumed = NdjsonSink.appendTo(file)) {
            resumed.accept(SamplePeers.generated(3));
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(PeerJson.toJson(SamplePeers.generated(3)) + "\n");
    }
}
