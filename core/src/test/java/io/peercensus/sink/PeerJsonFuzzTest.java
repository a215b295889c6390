package io.peercensus.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import io.peercensus.Peer;
import java.io.CharConversionException;
import java.io.IOException;

/**
 * Coverage-guided fuzz test of {@link PeerJson} reading NDJSON observations (docs/FUZZING.md). Without
 * {@code JAZZER_FUZZ} it replays the seed corpus under {@code PeerJsonFuzzTestInputs/}.
 */
class PeerJsonFuzzTest {

    /**
     * Bytes are read as a sequence of peer objects, as an NDJSON file is (from a parser over the bytes, as made for a
     * file: Jackson detects their encoding, and may refuse them before any reader runs); reading either ends or is
     * refused with {@link JsonParseException}, the exception {@link PeerJson#read} declares for input that is not a
     * peer object. Every peer read writes JSON that reads back to a peer writing the same JSON, and parses alone with
     * {@link PeerJson#fromJson}.
     */
    @FuzzTest(maxDuration = "10m")
    void peerJsonReadsOrRefuses(byte[] ndjson) throws IOException {
        JsonParser made;
        try {
            made = PeerJson.factory().createParser(ndjson);
        } catch (CharConversionException e) {
            return; // Jackson's encoding detection refused the bytes before any reader saw them
        }
        try (JsonParser parser = made) {
            for (Peer peer; (peer = PeerJson.read(parser)) != null; ) {
                String json = PeerJson.toJson(peer);
                Peer back = PeerJson.fromJson(json);
                assertThat(PeerJson.toJson(back)).isEqualTo(json);
            }
        } catch (JsonParseException e) {
            // not a sequence of peer objects
        }
    }
}
