package io.peercensus.dht.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.CrawlException;
import io.peercensus.btc.seed.DnsmasqFixture;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.multiformats.PeerId;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /dnsaddr} and {@code /dns4} bootstrap addresses resolved through a real DNS server (dnsmasq on
 * loopback, no upstream), never through the system resolver.
 */
class BootstrapDnsaddrTest {
    private static final PeerId ALPHA = peer();
    private static final PeerId BETA = peer();
    private static final PeerId GAMMA = peer();
    private static DnsmasqFixture dns;

    private static PeerId peer() {
        return PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519, new SecureRandom()).publicKey());
    }

    @BeforeAll
    static void startDns() throws IOException {
        dns = DnsmasqFixture.builder().localDomain("test")
                .txtRecord("_dnsaddr.bootstrap.test", "dnsaddr=/ip4/127.0.0.5/tcp/4001/p2p/" + ALPHA)
                .txtRecord("_dnsaddr.bootstrap.test", "dnsaddr=/dnsaddr/sjc.bootstrap.test/p2p/" + BETA)
                .txtRecord("_dnsaddr.sjc.bootstrap.test", "dnsaddr=/ip4/127.0.0.6/tcp/4001/p2p/" + BETA)
                .hostRecord("gamma.test", "127.0.0.7")
                .start();
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    private static List<ProbeTarget> resolve(String... addrs) {
        return new Bootstrap(dns.address(), Duration.ofSeconds(3)).resolve(Bootstrap.parse(List.of(addrs)));
    }

    @Test
    void dnsaddrWithAPeerIdKeepsOnlyThatPeer() {
        List<ProbeTarget> seeds = resolve("/dnsaddr/bootstrap.test/p2p/" + ALPHA);
        assertThat(seeds).singleElement().satisfies(s -> {
            assertThat(s.peerID()).isEqualTo(ALPHA.toString());
            assertThat(s.endpoints()).extracting(Object::toString).containsExactly("127.0.0.5:4001");
        });
    }

    @Test
    void dnsaddrWithoutAPeerIdFollowsNestedRecords() {
        List<ProbeTarget> seeds = resolve("/dnsaddr/bootstrap.test");
        assertThat(seeds).extracting(ProbeTarget::peerID).containsExactlyInAnyOrder(ALPHA.toString(), BETA.toString());
        assertThat(seeds).filteredOn(s -> s.peerID().equals(BETA.toString())).singleElement()
                .satisfies(s -> assertThat(s.endpoints()).extracting(Object::toString).containsExactly("127.0.0.6:4001"));
    }

    @Test
    void dns4NamesAreResolvedToAddresses() {
        List<ProbeTarget> seeds = resolve("/dns4/gamma.test/tcp/4001/p2p/" + GAMMA);
        assertThat(seeds).singleElement().satisfies(s -> {
            assertThat(s.peerID()).isEqualTo(GAMMA.toString());
            assertThat(s.endpoints()).extracting(Object::toString).containsExactly("127.0.0.7:4001");
        });
    }

    @Test
    void anUnknownNameIsAClearError() {
        assertThatThrownBy(() -> resolve("/dnsaddr/nowhere.test"))
                .isInstanceOf(CrawlException.class)
                .hasMessageStartingWith("no usable bootstrap peer")
                .hasMessageContaining("nowhere.test");
    }
}
