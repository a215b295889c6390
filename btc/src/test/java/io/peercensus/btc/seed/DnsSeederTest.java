package io.peercensus.btc.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.address.Endpoint;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DnsSeeder against a real DNS server (dnsmasq on loopback) and against a loopback socket that never answers. */
@Timeout(60)
class DnsSeederTest {
    /** More A records than fit in a 1232-byte UDP answer: dnsmasq truncates it and dnsjava asks again over TCP. */
    private static final List<String> BIG = IntStream.range(0, 120).mapToObj(i -> "127.2.0." + (i + 1)).toList();

    private static DnsmasqFixture dns;

    @BeforeAll
    static void startDns() throws IOException {
        DnsmasqFixture.Builder fixture = DnsmasqFixture.builder()
                .localDomain("test")
                .hostRecord("seed.test", "127.1.2.3", "2001:db8::3")
                .hostRecord("seed.test", "127.1.2.4")
                .hostRecord("other.test", "127.1.2.4", "2001:db8::4")
                .hostRecord("v4only.test", "127.1.2.5")
                .hostRecord("v6only.test", "2001:db8::6")
                .hostRecord("mapped.test", "::ffff:127.1.2.7")
                .cname("alias.test", "seed.test")
                .txtRecord("empty.test", "no addresses here");
        BIG.forEach(address -> fixture.hostRecord("big.test", address));
        dns = fixture.start();
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    private static DnsSeeder seeder() {
        return new DnsSeeder(dns.address(), Duration.ofSeconds(10));
    }

    private static List<String> canonical(SeedResult result) {
        return result.endpoints().stream().map(Endpoint::canonical).toList();
    }

    @Test
    void returnsTheConfiguredAAndAaaaAddressesWithTheDefaultPort() {
        SeedResult result = seeder().resolve(List.of("seed.test"), 8333);

        assertThat(canonical(result)).containsExactly("127.1.2.3:8333", "127.1.2.4:8333", "[2001:db8::3]:8333");
        assertThat(result.failures()).as(dns.output()).isEmpty();
    }

    @Test
    void mergesSeveralNamesInTheGivenOrderWithoutDuplicates() {
        SeedResult result = seeder().resolve(List.of("other.test", "seed.test", "other.test", "v4only.test"), 18333);

        assertThat(canonical(result)).containsExactly(
                "127.1.2.4:18333", "[2001:db8::4]:18333", // other.test: A before AAAA
                "127.1.2.3:18333", "[2001:db8::3]:18333", // seed.test, less 127.1.2.4 seen already
                "127.1.2.5:18333");
        assertThat(result.failures()).isEmpty();
    }

    @Test
    void namesWithOnlyOneFamilyAreNotFailures() {
        SeedResult result = seeder().resolve(List.of("v6only.test", "v4only.test"), 8333);

        assertThat(canonical(result)).containsExactly("[2001:db8::6]:8333", "127.1.2.5:8333");
        assertThat(result.failures()).isEmpty();
    }

    @Test
    void followsACnameToItsTarget() {
        SeedResult result = seeder().resolve(List.of("alias.test"), 8333);

        assertThat(canonical(result)).containsExactly("127.1.2.3:8333", "127.1.2.4:8333", "[2001:db8::3]:8333");
    }

    @Test
    void aTruncatedAnswerIsFetchedAgainOverTcp() {
        SeedResult result = seeder().resolve(List.of("big.test"), 8333);

        // dnsmasq gives many records of a name in its own (hash) order; the seeder keeps the order it received.
        assertThat(canonical(result)).containsExactlyInAnyOrderElementsOf(BIG.stream().map(a -> a + ":8333").toList());
        assertThat(dns.output().lines().filter(line -> line.endsWith("query[A] big.test from 127.0.0.1")))
                .as("the A query over UDP, then again over TCP").hasSize(2);
    }

    @Test
    void anIpv4MappedAaaaRecordIsAnIpv4Endpoint() {
        SeedResult result = seeder().resolve(List.of("mapped.test"), 8333);

        assertThat(canonical(result)).containsExactly("127.1.2.7:8333");
    }

    @Test
    void reportsNxdomainAndKeepsTheOtherNamesAddresses() {
        SeedResult result = seeder().resolve(List.of("missing.test", "v4only.test"), 8333);

        assertThat(canonical(result)).containsExactly("127.1.2.5:8333");
        assertThat(result.failures()).containsExactly(Map.entry("missing.test", "NXDOMAIN"));
        assertThat(result.describeFailures()).isEqualTo("missing.test: NXDOMAIN");
    }

    @Test
    void reportsANameThatExistsWithoutAddressRecords() {
        SeedResult result = seeder().resolve(List.of("empty.test"), 8333);

        assertThat(result.endpoints()).isEmpty();
        assertThat(result.failures()).containsExactly(Map.entry("empty.test", "no A or AAAA records"));
    }

    @Test
    void reportsTheServersErrorCode() {
        // dnsmasq has no upstream server, so it refuses names outside its local domain.
        SeedResult result = seeder().resolve(List.of("seed.example"), 8333);

        assertThat(result.failures()).containsExactly(Map.entry("seed.example", "REFUSED"));
    }

    @Test
    void reportsAnInvalidNameWithoutThrowing() {
        SeedResult result = seeder().resolve(List.of("a".repeat(64) + ".test", "v4only.test"), 8333);

        assertThat(canonical(result)).containsExactly("127.1.2.5:8333");
        assertThat(result.failures().get("a".repeat(64) + ".test")).startsWith("invalid DNS name: ");
    }

    @Test
    void noNamesGiveAnEmptyResult() {
        SeedResult result = seeder().resolve(List.of(), 8333);

        assertThat(result.endpoints()).isEmpty();
        assertThat(result.failures()).isEmpty();
    }

    @Test
    void aSilentServerGivesNoAnswerWithinTheTimeout() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            DnsSeeder seeder = new DnsSeeder((InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofMillis(300));

            SeedResult result = seeder.resolve(List.of("seed.test", "other.test"), 8333);

            assertThat(result.endpoints()).isEmpty();
            assertThat(result.failures()).containsExactly(
                    Map.entry("seed.test", "no answer within 300 ms"),
                    Map.entry("other.test", "no answer within 300 ms"));
        }
    }

    @Test
    void aTcpRetryThatNeverAnswersGivesNoAnswerWithinTheTimeout() throws IOException {
        try (TruncatingDnsServer server = TruncatingDnsServer.start()) {
            DnsSeeder seeder = new DnsSeeder(server.address(), Duration.ofMillis(500));

            SeedResult result = seeder.resolve(List.of("seed.test"), 8333);

            assertThat(result.endpoints()).isEmpty();
            assertThat(result.failures()).containsExactly(Map.entry("seed.test", "no answer within 500 ms"));
            assertThat(server.udpQueries()).as("A and AAAA over UDP").isEqualTo(2);
            assertThat(server.tcpConnectionArrived()).as("then again over TCP").isTrue();
        }
    }

    @Test
    @Timeout(20) // safety net: 100 names one after another would take 100 x 2 x 200 ms = 40 s
    void oneDeadlineBoundsAllNamesTogether() throws IOException {
        List<String> names = IntStream.range(0, 100).mapToObj(i -> "seed" + i + ".test").toList();
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            DnsSeeder seeder = new DnsSeeder((InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofMillis(200));

            SeedResult result = seeder.resolve(names, 8333);

            assertThat(result.failures()).hasSize(100).containsOnlyKeys(names)
                    .allSatisfy((name, reason) -> assertThat(reason).isEqualTo("no answer within 200 ms"));
        }
    }

    @Test
    void aClosedPortIsAFailureNotAnException() throws IOException {
        InetSocketAddress closed;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            closed = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        SeedResult result = new DnsSeeder(closed, Duration.ofMillis(500)).resolve(List.of("seed.test"), 8333);

        assertThat(result.endpoints()).isEmpty();
        assertThat(result.failures()).containsExactly(Map.entry("seed.test", "port unreachable: no DNS server there"));
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatThrownBy(() -> seeder().resolve(List.of("seed.test"), 65_536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port 65536 is out of range 0..65535");
    }

    @Test
    void rejectsATimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> new DnsSeeder(dns.address(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DNS seed timeout must be positive, got PT0S");
    }

    @Test
    void rejectsAResolverThatWouldNeedALookup() {
        assertThatThrownBy(() -> new DnsSeeder(InetSocketAddress.createUnresolved("dns.test", 53), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DNS resolver dns.test must be an IP address, not a name to look up");
    }
}
