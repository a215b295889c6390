package io.peercensus.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.CrawlListener;
import io.peercensus.CrawlSummary;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.net.Dialer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Acceptance: with default settings the engine never dials non-public addresses and records them as discovered. */
class AddressGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "10.0.0.1:8333", "10.255.255.255:8333", // 10/8
        "172.16.0.1:8333", "172.31.255.254:8333", // 172.16/12
        "192.168.0.1:8333", "192.168.255.255:8333", // 192.168/16
        "127.0.0.1:8333", "127.255.0.9:8333", // 127/8
        "169.254.0.1:8333", "169.254.255.254:8333", // 169.254/16
        "[fc00::1]:8333", "[fdff:ffff::1]:8333", // fc00::/7
        "[fe80::1]:8333", "[febf::1]:8333", // fe80::/10
        "[::1]:8333", // loopback
        "224.0.0.1:8333", "239.255.255.250:8333", "[ff02::1]:8333", // multicast
        "240.0.0.1:8333", "255.255.255.255:8333", "0.0.0.0:8333", "[::]:8333", // reserved, unspecified
        "100.64.0.1:8333", "192.0.2.1:8333", "198.51.100.7:8333", "203.0.113.9:8333", "[2001:db8::1]:8333", // shared, documentation
    })
    void neverDialsANonPublicAddress(String address) {
        Endpoint endpoint = Endpoint.parse(address);
        List<ProbeTarget> dialed = new CopyOnWriteArrayList<>();
        RecordingSink sink = new RecordingSink();
        CrawlSummary summary = new CrawlEngine(FakeNetwork.NETWORK, (t, c) -> {
            dialed.add(t);
            throw new AssertionError("dialed " + t);
        }, CrawlSettings.builder().timeout(Duration.ofSeconds(1)).build(), CrawlListener.NONE, Clock.systemUTC())
                .run(() -> List.of(new ProbeTarget(endpoint.canonical(), List.of(endpoint.multiaddr()), List.of(endpoint), null)),
                        List.of(sink));

        assertThat(dialed).isEmpty();
        assertThat(summary.discovered()).isEqualTo(1);
        assertThat(sink.peers).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(PeerStatus.DISCOVERED);
            assertThat(p.addresses()).containsExactly(endpoint.multiaddr());
        });
        Dialer dialer = new Dialer(false, null);
        assertThat(dialer.mayDial(endpoint)).isFalse();
        assertThatThrownBy(() -> dialer.connect(endpoint, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("allowPrivateAddresses is off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1:8333", "[2a01:4f8::1]:8333"})
    void offersPublicAddressesToTheProber(String address) {
        Endpoint endpoint = Endpoint.parse(address);
        List<ProbeTarget> offered = new CopyOnWriteArrayList<>();
        CrawlSummary summary = new CrawlEngine(FakeNetwork.NETWORK, (t, c) -> {
            offered.add(t);
            throw new java.net.ConnectException("not dialed in tests");
        }, CrawlSettings.defaults(), CrawlListener.NONE, Clock.systemUTC())
                .run(() -> List.of(new ProbeTarget(endpoint.canonical(), List.of(endpoint.multiaddr()), List.of(endpoint), null)),
                        List.of(new RecordingSink()));
        assertThat(offered).singleElement().satisfies(t -> assertThat(t.endpoints()).containsExactly(endpoint));
        assertThat(summary.unreachable()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion:8333",
        "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p:0"})
    void overlayAddressesWithoutProxyAreDiscovered(String address) {
        Endpoint endpoint = Endpoint.parse(address);
        RecordingSink sink = new RecordingSink();
        new CrawlEngine(FakeNetwork.NETWORK, (t, c) -> {
            throw new AssertionError("dialed " + t);
        }, CrawlSettings.defaults(), CrawlListener.NONE, Clock.systemUTC())
                .run(() -> List.of(new ProbeTarget(endpoint.canonical(), List.of(endpoint.multiaddr()), List.of(endpoint), null)),
                        List.of(sink));
        assertThat(sink.peers).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(PeerStatus.DISCOVERED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1:8333", "192.168.1.1:8333", "1.1.1.1:8333", "[2a01:4f8::1]:8333", "[fe80::1]:8333"})
    void loopbackOnlyCrawlsNeverDialOffTheMachine(String address) {
        Endpoint endpoint = Endpoint.parse(address);
        List<ProbeTarget> dialed = new CopyOnWriteArrayList<>();
        CrawlSummary summary = new CrawlEngine(FakeNetwork.NETWORK, (t, c) -> {
            dialed.add(t);
            throw new AssertionError("dialed " + t);
        }, CrawlSettings.builder().loopbackOnly(true).allowPrivateAddresses(true).build(), CrawlListener.NONE, Clock.systemUTC())
                .run(() -> List.of(new ProbeTarget(endpoint.canonical(), List.of(endpoint.multiaddr()), List.of(endpoint), null)),
                        List.of(new RecordingSink()));
        assertThat(dialed).isEmpty();
        assertThat(summary.discovered()).isEqualTo(1);
        assertThat(Dialer.loopbackOnly(null).refusal(endpoint)).contains("not dialed: not a loopback address (loopback-only crawl)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8333", "127.45.6.7:18444", "[::1]:8333"})
    void loopbackOnlyCrawlsDialLoopback(String address) {
        assertThat(Dialer.loopbackOnly(null).mayDial(Endpoint.parse(address))).isTrue();
    }
}
