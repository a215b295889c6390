package io.peercensus.dht.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import io.peercensus.crawl.ProbeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakePayloadTest {
    private static final byte[] KEY = {8, 1, 18, 2, 7, 7};
    private static final byte[] SIG = {1, 2, 3};

    @Test
    void roundTripsWithAndWithoutStreamMuxers() throws Exception {
        for (List<String> muxers : List.of(List.<String>of(), List.of("/yamux/1.0.0", "/mplex/6.7.0"))) {
            HandshakePayload payload = new HandshakePayload(KEY, SIG, muxers);
            HandshakePayload back = HandshakePayload.read(payload.write());
            assertThat(back.identityKey()).isEqualTo(KEY);
            assertThat(back.identitySig()).isEqualTo(SIG);
            assertThat(back.streamMuxers()).isEqualTo(muxers);
        }
    }

    @Test
    void skipsUnknownFieldsAndWebtransportCerthashes() throws Exception {
        byte[] extensions = proto(out -> {
            out.writeByteArray(1, new byte[] {0x12, 0x20});
            out.writeString(2, "/yamux/1.0.0");
            out.writeUInt64(9, 5);
        });
        byte[] encoded = proto(out -> {
            out.writeUInt32(99, 1);
            out.writeByteArray(1, KEY);
            out.writeByteArray(3, new byte[] {9, 9}); // the retired "data" field
            out.writeByteArray(2, SIG);
            out.writeByteArray(4, extensions);
        });
        HandshakePayload payload = HandshakePayload.read(encoded);
        assertThat(payload.identityKey()).isEqualTo(KEY);
        assertThat(payload.streamMuxers()).containsExactly("/yamux/1.0.0");
    }

    @Test
    void rejectsMissingFieldsOversizedSignatureAndTruncation() throws Exception {
        assertRejected(proto(out -> out.writeByteArray(2, SIG)), "noise: handshake payload lacks identity_key");
        assertRejected(proto(out -> out.writeByteArray(1, KEY)), "noise: handshake payload lacks identity_sig");
        assertRejected(proto(out -> {
            out.writeByteArray(1, KEY);
            out.writeByteArray(2, new byte[1025]);
        }), "noise: handshake payload identity_sig of 1025 bytes exceeds 1024");
        assertRejected(new byte[] {10, 5, 1, 2}, "noise: handshake payload is truncated or malformed protobuf");
        assertRejected(new byte[] {10, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
                "noise: handshake payload identity_key of 4294967295 bytes exceeds 2048");
    }

    private static void assertRejected(byte[] encoded, String message) {
        assertThatThrownBy(() -> HandshakePayload.read(encoded)).isInstanceOf(ProbeException.class).hasMessage(message);
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] proto(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        writer.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}
