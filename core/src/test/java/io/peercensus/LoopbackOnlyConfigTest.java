package io.peercensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 6: a loopback-only crawl never reaches out through DNS. Without seeds it would resolve the
 * network's DNS seeds or {@code /dnsaddr} bootstrap through the system's resolver; a name given as a seed would be
 * looked up the same way. Both are refused when the crawl is configured, with one line.
 */
class LoopbackOnlyConfigTest {

    @Test
    void aLoopbackOnlyCrawlWithoutSeedsIsRefused() {
        assertThatThrownBy(() -> Crawlers.bitcoin().loopbackOnly(true).config())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a loopback-only crawl needs seeds of its own");
        assertThatThrownBy(() -> Crawlers.dht().loopbackOnly(true).config())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a loopback-only crawl needs seeds of its own");
    }

    @Test
    void aNamedSeedNeedsALoopbackResolver() {
        assertThatThrownBy(() -> Crawlers.bitcoin().loopbackOnly(true).seed("seed.example:8333").config())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a loopback-only crawl looks names up only through a loopback DNS server, not the system's:"
                        + " seed 'seed.example:8333' is a name; give its address, or the server with resolver(...)");
        assertThatThrownBy(() -> Crawlers.dht().loopbackOnly(true).seed("/dnsaddr/bootstrap.example/p2p/x").config())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a name");
        assertThatThrownBy(() -> Crawlers.bitcoin().loopbackOnly(true).seed("localhost").config())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a name");
    }

    @Test
    void aResolverOffTheLoopbackIsRefused() {
        assertThatThrownBy(() -> Crawlers.bitcoin().loopbackOnly(true).seed("seed.example")
                .resolver(new InetSocketAddress("192.0.2.53", 53)).config())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a loopback-only crawl looks names up only through a loopback DNS server; resolver"
                        + " 192.0.2.53:53 is not one");
    }

    @Test
    void addressesOrALoopbackResolverAreAccepted() {
        assertThat(Crawlers.bitcoin().loopbackOnly(true).seed("127.0.0.1:18444").seed("[::1]:18444").seed("::1")
                .config().seeds()).hasSize(3);
        assertThat(Crawlers.dht().loopbackOnly(true).seed("/ip4/127.0.0.1/tcp/4001/p2p/x").config().seeds()).hasSize(1);
        assertThat(Crawlers.bitcoin().loopbackOnly(true).seed("o35pfoeumg3gg65e4vmeon6ywveott6q4vvuazfumd3n2diwagmcoiqd.onion:8333")
                .config().seeds()).as("Tor names go to the proxy, not DNS").hasSize(1);
        assertThat(Crawlers.bitcoin().loopbackOnly(true).seed("seed.example")
                .resolver(new InetSocketAddress("127.0.0.1", 5353)).config().resolver().getPort()).isEqualTo(5353);
        assertThat(Crawlers.bitcoin().config().seeds()).as("a crawl that is not loopback-only may use the defaults").isEmpty();
    }
}
