package io.peercensus.address;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzz test of endpoint and address text (docs/FUZZING.md), as seeds, bootstrap options and stored
 * peer IDs give it. Without {@code JAZZER_FUZZ} it replays the seed corpus under {@code AddressFuzzTestInputs/}.
 */
class AddressFuzzTest {

    /**
     * Text (read as UTF-8) parses as an endpoint or is refused with {@link AddressFormatException}; a parsed
     * endpoint's canonical text parses back to it, and so does its host as an address.
     */
    @FuzzTest(maxDuration = "10m")
    void endpointParsesOrRefuses(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(text);
        } catch (AddressFormatException e) {
            try {
                NetAddress.parse(text);
            } catch (AddressFormatException alsoRefused) {
                // neither an endpoint nor a host
            }
            return;
        }
        assertThat(Endpoint.parse(endpoint.canonical())).isEqualTo(endpoint);
        NetAddress address = endpoint.address();
        assertThat(NetAddress.parse(address.host())).isEqualTo(address);
        assertThat(NetAddress.of(address.type(), address.bytes())).isEqualTo(address);
        assertThat(address.scope()).isNotNull();
        assertThat(endpoint.multiaddr()).startsWith("/");
    }
}
