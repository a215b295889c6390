package io.peercensus.dht.internal.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.transport.Loopback;
import io.peercensus.net.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LengthPrefixedTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Deadline DEADLINE = Deadline.after(Duration.ofSeconds(30));

    @Test
    void writesTheLengthAsAVarintThenTheMessage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LengthPrefixed.write(out, new byte[300]);
        assertThat(HEX.formatHex(out.toByteArray(), 0, 2)).isEqualTo("ac02");
        assertThat(out.size()).isEqualTo(302);
    }

    @Test
    void readsFramesFedOneByteAtATime() throws IOException, ProbeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LengthPrefixed.write(out, new byte[] {1, 2, 3});
        LengthPrefixed.write(out, new byte[200]);
        var in = Loopback.oneByteAtATime(Loopback.bytes(out.toByteArray()));
        assertThat(LengthPrefixed.read(in, 1000, "test: frame", DEADLINE)).containsExactly(1, 2, 3);
        assertThat(LengthPrefixed.read(in, 1000, "test: frame", DEADLINE)).hasSize(200);
        assertThat(LengthPrefixed.readOrEnd(in, 1000, "test: frame", DEADLINE)).isNull();
    }

    @Test
    void rejectsAFrameOverTheCapBeforeReadingIt() {
        assertThatThrownBy(() -> LengthPrefixed.read(Loopback.bytes(HEX.parseHex("ffffffff0f")), 1000, "test: frame", DEADLINE))
                .isInstanceOf(ProbeException.class).hasMessage("test: frame of 4294967295 bytes exceeds the limit of 1000");
    }

    @Test
    void rejectsANonMinimalLength() {
        assertThatThrownBy(() -> LengthPrefixed.read(Loopback.bytes(HEX.parseHex("8100")), 1000, "test: frame", DEADLINE))
                .isInstanceOf(ProbeException.class).hasMessage("test: frame length prefix is not minimally encoded");
    }

    @Test
    void rejectsAnOverLongLength() {
        assertThatThrownBy(() -> LengthPrefixed.read(Loopback.bytes(HEX.parseHex("ffffffffffffffffff01")), 1000, "test: frame", DEADLINE))
                .isInstanceOf(ProbeException.class).hasMessage("test: frame length prefix is longer than 9 bytes");
    }

    @Test
    void reportsAStreamEndingInsideTheFrame() {
        assertThatThrownBy(() -> LengthPrefixed.read(Loopback.bytes(HEX.parseHex("050102")), 1000, "test: frame", DEADLINE))
                .isInstanceOf(EOFException.class).hasMessage("test: frame: stream ended after 2 of 5 bytes");
        assertThatThrownBy(() -> LengthPrefixed.read(Loopback.bytes(HEX.parseHex("85")), 1000, "test: frame", DEADLINE))
                .isInstanceOf(EOFException.class).hasMessage("test: frame: stream ended inside the length prefix");
        assertThatThrownBy(() -> LengthPrefixed.read(Loopback.bytes(new byte[0]), 1000, "test: frame", DEADLINE))
                .isInstanceOf(EOFException.class).hasMessage("test: frame: stream ended before the message");
    }

    @Test
    void pollTakesWholeFramesOnlyAndLeavesTheRest() throws ProbeException {
        byte[] two = HEX.parseHex("03010203" + "ac02" + "00".repeat(300) + "05");
        for (int cut = 0; cut <= two.length; cut++) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(two, 0, cut);
            byte[] first = LengthPrefixed.poll(in, 1000, "test: frame");
            if (cut < 4) {
                assertThat(first).as("cut at %d", cut).isNull();
                assertThat(in.position()).isZero();
                continue;
            }
            assertThat(first).containsExactly(1, 2, 3);
            byte[] second = LengthPrefixed.poll(in, 1000, "test: frame");
            if (cut < 306) {
                assertThat(second).as("cut at %d", cut).isNull();
                assertThat(in.position()).isEqualTo(4);
            } else {
                assertThat(second).hasSize(300);
                assertThat(in.remaining()).isEqualTo(cut - 306);
            }
        }
    }

    @Test
    void pollRejectsBadPrefixesAsSoonAsTheyArrive() {
        assertThatThrownBy(() -> LengthPrefixed.poll(java.nio.ByteBuffer.wrap(HEX.parseHex("e907")), 1000, "test: frame"))
                .isInstanceOf(ProbeException.class).hasMessage("test: frame of 1001 bytes exceeds the limit of 1000");
        assertThatThrownBy(() -> LengthPrefixed.poll(java.nio.ByteBuffer.wrap(HEX.parseHex("8100")), 1000, "test: frame"))
                .isInstanceOf(ProbeException.class).hasMessage("test: frame length prefix is not minimally encoded");
        assertThatThrownBy(() -> LengthPrefixed.poll(java.nio.ByteBuffer.wrap(HEX.parseHex("ffffffffffffffffff")), 1000, "test: frame"))
                .isInstanceOf(ProbeException.class).hasMessage("test: frame length prefix is longer than 9 bytes");
    }
}
