package io.peercensus.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercensus.BitcoinInfo;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PeerJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<Peer> samples() {
        return SamplePeers.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyFieldRoundTrips(Peer peer) throws IOException {
        assertThat(PeerJson.fromJson(PeerJson.toJson(peer))).isEqualTo(peer);
    }

    @Test
    void generatedPeersRoundTrip() throws IOException {
        for (int i = 0; i < 3000; i++) {
            Peer peer = SamplePeers.generated(i);
            assertThat(PeerJson.fromJson(PeerJson.toJson(peer))).isEqualTo(peer);
        }
    }

    @Test
    void oddAgentVersionIsOnePrintableAsciiLineThatAStandardParserReadsBack() throws IOException {
        Peer peer = SamplePeers.reachableBitcoin();
        String json = PeerJson.toJson(peer);

        assertThat(json.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
        assertThat(json).contains("\\u0000", "\\n", "\\\"", "\\\\", "\\u2028", "\\u2029", "\\uFFFD");
        JsonNode tree = MAPPER.readTree(json);
        assertThat(tree.get("agentVersion").textValue()).isEqualTo(peer.agentVersion());
        assertThat(tree.get("bitcoin").get("userAgentRaw").textValue()).isEqualTo(
                "2f536174ff6f7368693ae28232372fc0af");
        assertThat(PeerJson.fromJson(json)).isEqualTo(peer);
    }

    @Test
    void writesEveryKeyInDesignOrderWithNulls() throws IOException {
        JsonNode tree = MAPPER.readTree(PeerJson.toJson(SamplePeers.discoveredOnion()));

        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("network", "peerID", "addresses", "protocols", "agentVersion", "status", "error",
                "latencyMs", "seenAt", "source", "bitcoin", "neighbours");
        assertThat(tree.get("error").isNull()).isTrue();
        assertThat(tree.get("latencyMs").isNull()).isTrue();
        assertThat(tree.get("bitcoin").isNull()).isTrue();
        assertThat(tree.get("neighbours").isNull()).isTrue();
        assertThat(tree.get("status").textValue()).isEqualTo("discovered");
        assertThat(tree.get("protocols").isArray()).isTrue();
        assertThat(tree.get("protocols").size()).isZero();
    }

    @Test
    void writesBitcoinObjectInOrderWithUserAgentRawOnlyWhenSet() throws IOException {
        JsonNode withRaw = MAPPER.readTree(PeerJson.toJson(SamplePeers.reachableBitcoin())).get("bitcoin");
        JsonNode withoutRaw = MAPPER.readTree(PeerJson.toJson(SamplePeers.reachableBitcoinOldPeer())).get("bitcoin");

        List<String> names = new ArrayList<>();
        withRaw.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("version", "services", "serviceFlags", "startHeight", "relay", "nonce",
                "addrCount", "userAgentRaw");
        assertThat(withoutRaw.has("userAgentRaw")).isFalse();
        assertThat(withoutRaw.get("relay").isNull()).isTrue();
    }

    @Test
    void writesServicesAndNonceAsUnsigned64BitNumbers() throws IOException {
        String json = PeerJson.toJson(SamplePeers.reachableBitcoin());
        String old = PeerJson.toJson(SamplePeers.reachableBitcoinOldPeer());

        assertThat(json).contains("\"services\":3081,", "\"nonce\":" + Long.toUnsignedString(0x8123_4567_89AB_CDEFL) + ",");
        assertThat(old).contains("\"services\":18446744073709551615,", "\"nonce\":0,");
        assertThat(PeerJson.fromJson(old).bitcoin().services()).isEqualTo(-1L);
    }

    @Test
    void writesSeenAtAsInstantToString() {
        assertThat(PeerJson.toJson(SamplePeers.unreachable()))
                .contains("\"seenAt\":\"2026-11-22T18:31:00.123Z\"")
                .contains("\"error\":\"timeout: no answer to version within 5000 ms\"");
    }

    @Test
    void replacesLoneSurrogatesWithReplacementCharacter() throws IOException {
        Peer peer = SamplePeers.reachableLibp2p().toBuilder().agentVersion("x\uD800y\uDC00z\uD83D").build();

        String json = PeerJson.toJson(peer);

        assertThat(json).contains("\"agentVersion\":\"x\\uFFFDy\\uFFFDz\\uFFFD\"");
        assertThat(PeerJson.fromJson(json)).isEqualTo(peer.toBuilder().agentVersion("x\uFFFDy\uFFFDz\uFFFD").build());
    }

    @Test
    void readsASequenceOfObjectsFromOneParserAndNullAtEnd() throws IOException {
        StringBuilder ndjson = new StringBuilder();
        for (Peer p : SamplePeers.all()) {
            ndjson.append(PeerJson.toJson(p)).append('\n');
        }
        List<Peer> read = new ArrayList<>();
        try (JsonParser parser = PeerJson.factory().createParser(ndjson.toString())) {
            for (Peer p = PeerJson.read(parser); p != null; p = PeerJson.read(parser)) {
                read.add(p);
            }
        }
        assertThat(read).isEqualTo(SamplePeers.all());
    }

    @Test
    void skipsUnknownKeys() throws IOException {
        String json = PeerJson.toJson(SamplePeers.unreachable());
        String extended = json.substring(0, json.length() - 1) + ",\"asn\":{\"number\":3320,\"names\":[\"DTAG\"]}}";

        assertThat(PeerJson.fromJson(extended)).isEqualTo(SamplePeers.unreachable());
    }

    @Test
    void rejectsUnknownStatus() {
        String json = PeerJson.toJson(SamplePeers.discoveredOnion()).replace("\"discovered\"", "\"online\"");

        assertThatThrownBy(() -> PeerJson.fromJson(json)).isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: field 'status' has a bad value: unknown peer status 'online'");
    }

    @Test
    void rejectsUnknownErrorClass() {
        String json = PeerJson.toJson(SamplePeers.unreachable()).replace("\"timeout: ", "\"sleepy: ");

        assertThatThrownBy(() -> PeerJson.fromJson(json)).isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: field 'error' has a bad value: unknown error class 'sleepy'");
    }

    @Test
    void rejectsTruncatedLine() {
        String json = PeerJson.toJson(SamplePeers.reachableBitcoin());

        assertThatThrownBy(() -> PeerJson.fromJson(json.substring(0, json.length() / 2))).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsMissingField() {
        String json = PeerJson.toJson(SamplePeers.discoveredOnion()).replace("\"seenAt\":", "\"seen\":");

        assertThatThrownBy(() -> PeerJson.fromJson(json)).isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: missing field 'seenAt'");
    }

    @Test
    void rejectsWrongType() {
        String json = PeerJson.toJson(SamplePeers.reachableLibp2p()).replace("\"latencyMs\":42", "\"latencyMs\":\"42\"");

        assertThatThrownBy(() -> PeerJson.fromJson(json)).isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: field 'latencyMs' must be an integer or null, got VALUE_STRING");
    }

    @Test
    void rejectsServicesBeyond64Bits() {
        String json = PeerJson.toJson(SamplePeers.reachableBitcoinOldPeer())
                .replace("18446744073709551615", "18446744073709551616");

        assertThatThrownBy(() -> PeerJson.fromJson(json)).isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: field 'bitcoin.services' must be an unsigned 64-bit integer, got 18446744073709551616");
    }

    /** Fuzzing found Jackson's InputCoercionException escaping for integers past an int or a long. */
    @Test
    void rejectsIntegersOutsideTheirFieldsRangeAsMalformed() {
        String json = PeerJson.toJson(SamplePeers.reachableBitcoin());
        assertThatThrownBy(() -> PeerJson.fromJson(json.replaceFirst("\"latencyMs\":[0-9]+", "\"latencyMs\":9223372036854775808")))
                .isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: field 'latencyMs' must be a 64-bit integer, got 9223372036854775808");
        assertThatThrownBy(() -> PeerJson.fromJson(json.replaceFirst("\"neighbours\":[0-9]+", "\"neighbours\":-2147483649")))
                .isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: field 'neighbours' must be a 32-bit integer, got -2147483649");
        assertThatThrownBy(() -> PeerJson.fromJson(json.replaceFirst("\"version\":[0-9]+", "\"version\":2147483648")))
                .isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: field 'bitcoin.version' must be a 32-bit integer, got 2147483648");
    }

    /**
     * Fuzzing found NDJSON bytes that Jackson took for UTF-32 throwing CharConversionException; nesting and numbers
     * past the parser's limits threw StreamConstraintsException. Both are malformed input, refused as such.
     */
    @Test
    void rejectsInputTheParserWillNotReadAsMalformed() throws IOException {
        byte[] utf32 = "\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000k\":\"bitcoin\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (JsonParser parser = PeerJson.factory().createParser(utf32)) {
            assertThatThrownBy(() -> PeerJson.read(parser)).isInstanceOf(JsonParseException.class)
                    .hasMessageStartingWith("peer JSON: Invalid UTF-32 character 0x2239226b (above 0x0010ffff) at char #2, byte #11)");
        }
        String json = PeerJson.toJson(SamplePeers.reachableBitcoin());
        assertThatThrownBy(() -> PeerJson.fromJson("{\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "," + json.substring(1)))
                .isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: Document nesting depth (1001) exceeds the maximum allowed (1000");
        assertThatThrownBy(() -> PeerJson.fromJson("{\"x\":" + "1".repeat(1001) + "," + json.substring(1)))
                .isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: Number value length (1001) exceeds the maximum allowed (1000");
    }

    @Test
    void readsAnErrorOnAReachablePeerAsHowItsConversationEndedEarly() throws Exception {
        Peer endedEarly = SamplePeers.reachableLibp2p().toBuilder().endedEarly(ErrorClass.PROTOCOL, "addr: count 1001 exceeds 1000")
                .build();
        String json = PeerJson.toJson(endedEarly);

        assertThat(json).contains("\"status\":\"reachable\"", "\"error\":\"protocol: addr: count 1001 exceeds 1000\"");
        assertThat(PeerJson.fromJson(json)).isEqualTo(endedEarly);
    }

    @Test
    void rejectsErrorOnDiscoveredPeer() {
        String json = PeerJson.toJson(SamplePeers.discoveredOnion()).replace("\"error\":null", "\"error\":\"reset: x\"");

        assertThatThrownBy(() -> PeerJson.fromJson(json)).isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: an unreachable observation has an error and a discovered one none");
    }

    @Test
    void rejectsTrailingContentAndEmptyInput() {
        String json = PeerJson.toJson(SamplePeers.discoveredOnion());

        assertThatThrownBy(() -> PeerJson.fromJson(json + " {}")).isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: expected end of input after the value, got START_OBJECT");
        assertThatThrownBy(() -> PeerJson.fromJson("  ")).isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: expected a value, got empty input");
        assertThatThrownBy(() -> PeerJson.fromJson("[]")).isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: expected a peer object, got START_ARRAY");
    }

    @Test
    void rejectsDuplicateKeys() {
        String json = PeerJson.toJson(SamplePeers.discoveredOnion()).replace("{\"network\":\"bitcoin\",",
                "{\"network\":\"bitcoin\",\"network\":\"ipfs\",");

        assertThatThrownBy(() -> PeerJson.fromJson(json)).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Duplicate field 'network'");
    }

    @Test
    void bitcoinMissingFieldIsNamed() {
        BitcoinInfo b = SamplePeers.bitcoin(null);
        String json = PeerJson.toJson(SamplePeers.reachableLibp2p().toBuilder().bitcoin(b).build())
                .replace("\"addrCount\":", "\"addrs\":");

        assertThatThrownBy(() -> PeerJson.fromJson(json)).isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("peer JSON: missing field 'bitcoin.addrCount'");
    }
}
