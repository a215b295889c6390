package io.peercensus.btc.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.CrawlException;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.BitcoinNetworkParams;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SeedList against a real DNS server (dnsmasq on loopback) and a loopback socket that never answers. */
@Timeout(60)
class SeedListTest {
    private static final String HOW = "give peers with --seed host:port (or CrawlerBuilder.seed)";

    private static DnsmasqFixture dns;
    private DatagramSocket silent;

    @BeforeAll
    static void startDns() throws IOException {
        dns = DnsmasqFixture.builder()
                .localDomain("test")
                .hostRecord("seed.test", "127.1.2.3", "2001:db8::3")
                .hostRecord("other.test", "127.1.2.4")
                .txtRecord("empty.test", "no addresses here")
                .start();
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    @BeforeEach
    void bindSilentServer() throws IOException {
        silent = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    }

    @AfterEach
    void closeSilentServer() {
        silent.close();
    }

    private static DnsSeeder seeder() {
        return new DnsSeeder(dns.address(), Duration.ofSeconds(10));
    }

    /** A seeder whose DNS server is {@link #silent}: a query would wait the whole timeout and leave a packet. */
    private DnsSeeder silentSeeder(Duration timeout) {
        return new DnsSeeder((InetSocketAddress) silent.getLocalSocketAddress(), timeout);
    }

    /** Whether a DNS query reached {@link #silent}. Queries are sent before a resolve returns. */
    private boolean silentServerWasAsked() throws IOException {
        silent.setSoTimeout(1);
        try {
            silent.receive(new DatagramPacket(new byte[512], 512));
            return true;
        } catch (SocketTimeoutException nothing) {
            return false;
        }
    }

    private static List<String> canonical(List<Endpoint> endpoints) {
        return endpoints.stream().map(Endpoint::canonical).toList();
    }

    @Test
    void literalsAloneNeedNoDns() throws IOException {
        List<Endpoint> endpoints = SeedList.resolve(
                List.of("1.2.3.4:8333", "[2001:db8::1]:18333", "5.6.7.8", "2001:db8::2", "1.2.3.4:8333"),
                BitcoinNetworkParams.MAINNET, silentSeeder(Duration.ofSeconds(5)));

        assertThat(canonical(endpoints)).containsExactly(
                "1.2.3.4:8333", "[2001:db8::1]:18333", "5.6.7.8:8333", "[2001:db8::2]:8333");
        assertThat(silentServerWasAsked()).isFalse();
    }

    @Test
    void namesAndLiteralsKeepTheGivenOrderAndEachSeedsPort() {
        List<Endpoint> endpoints = SeedList.resolve(List.of("10.0.0.1:1", "seed.test:9999", "other.test", "seed.test"),
                BitcoinNetworkParams.TESTNET4, seeder());

        assertThat(canonical(endpoints)).containsExactly("10.0.0.1:1", "127.1.2.3:9999", "[2001:db8::3]:9999",
                "127.1.2.4:48333", "127.1.2.3:48333", "[2001:db8::3]:48333");
    }

    @Test
    void namesThatFailAreSkippedWhenOthersResolve() {
        List<Endpoint> endpoints = SeedList.resolve(List.of("missing.test", "other.test:8333"),
                BitcoinNetworkParams.MAINNET, seeder());

        assertThat(canonical(endpoints)).containsExactly("127.1.2.4:8333");
    }

    @Test
    void nothingResolvableThrowsOneLineNamingEveryFailure() {
        assertThatThrownBy(() -> SeedList.resolve(List.of("missing.test", "empty.test:8333"),
                BitcoinNetworkParams.MAINNET, seeder()))
                .isInstanceOf(CrawlException.class)
                .hasMessage("no seed resolved: missing.test: NXDOMAIN, empty.test: no A or AAAA records; " + HOW
                        + " or a reachable DNS resolver with --resolver host:port");
    }

    @Test
    void aSilentResolverThrowsNoAnswerWithinTheTimeout() {
        assertThatThrownBy(() -> SeedList.resolve(List.of("seed.test"), BitcoinNetworkParams.MAINNET,
                silentSeeder(Duration.ofMillis(300))))
                .isInstanceOf(CrawlException.class)
                .hasMessage("no seed resolved: seed.test: no answer within 300 ms; " + HOW
                        + " or a reachable DNS resolver with --resolver host:port");
    }

    @Test
    void noSeedsMeanTheNetworksDnsSeeds() throws IOException {
        // The names go only to the test's own silent socket on loopback: nothing answers them, nothing leaves.
        String expected = BitcoinNetworkParams.SIGNET.dnsSeeds().stream()
                .map(name -> name + ": no answer within 300 ms")
                .collect(Collectors.joining(", "));

        assertThatThrownBy(() -> SeedList.resolve(List.of(), BitcoinNetworkParams.SIGNET,
                silentSeeder(Duration.ofMillis(300))))
                .isInstanceOf(CrawlException.class)
                .hasMessage("no seed resolved: " + expected + "; " + HOW
                        + " or a reachable DNS resolver with --resolver host:port");
        assertThat(silentServerWasAsked()).isTrue();
    }

    @Test
    void aNetworkWithoutDnsSeedsNeedsSeedsGiven() {
        assertThatThrownBy(() -> SeedList.resolve(List.of(), BitcoinNetworkParams.REGTEST, seeder()))
                .isInstanceOf(CrawlException.class)
                .hasMessage("no seed: bitcoin-regtest has no DNS seeds; " + HOW);
    }

    @Test
    void aMalformedSeedThrowsOneLineBeforeAnyLookup() throws IOException {
        assertThatThrownBy(() -> SeedList.resolve(List.of("seed.test", "seed.test:80a"), BitcoinNetworkParams.MAINNET,
                silentSeeder(Duration.ofSeconds(5))))
                .isInstanceOf(CrawlException.class)
                .hasMessage("seed 'seed.test:80a': port '80a' is not a decimal number; " + HOW)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(silentServerWasAsked()).isFalse();
    }

    @Test
    void aPortOutOfRangeThrowsOneLine() {
        assertThatThrownBy(() -> SeedList.resolve(List.of("1.2.3.4:65536"), BitcoinNetworkParams.MAINNET, seeder()))
                .isInstanceOf(CrawlException.class)
                .hasMessage("seed '1.2.3.4:65536': port '65536' is out of range 0..65535; " + HOW);
    }
}
