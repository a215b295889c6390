package io.peercensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.spi.CrawlerProvider;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CrawlersTest {

    /** Registered in src/test/resources/META-INF/services: stands in for peercensus-dht. */
    public static final class TestDhtProvider implements CrawlerProvider {
        @Override
        public Network.Family family() {
            return Network.Family.LIBP2P;
        }

        @Override
        public PeerSource create(CrawlConfig config) {
            return new PeerSource() {
                @Override
                public Stream<Peer> stream() {
                    return Stream.of(Peer.builder().network(config.network()).peerID("12D3KooWtest")
                            .status(PeerStatus.DISCOVERED).seenAt(config.clock().instant()).build());
                }

                @Override
                public CrawlSummary run(PeerSink sink) {
                    throw new UnsupportedOperationException("not needed by the test");
                }
            };
        }
    }

    @Test
    void missingModuleNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> Crawlers.bitcoin().build())
                .isInstanceOf(CrawlException.class)
                .hasMessage("Crawlers.bitcoin() needs the peercensus-btc artifact on the class path:"
                        + " add the dependency io.peercensus:peercensus-btc");
    }

    @Test
    void findsTheModuleOnTheClassPath() {
        List<Peer> peers;
        try (Stream<Peer> s = Crawlers.dht().network("filecoin").stream()) {
            peers = s.toList();
        }
        assertThat(peers).singleElement().satisfies(p -> assertThat(p.network()).isEqualTo(Network.FILECOIN));
    }

    @Test
    void collectsSettingsIntoTheConfig() {
        CrawlConfig config = Crawlers.bitcoin().network("bitcoin-testnet4").seed("1.2.3.4:48333")
                .concurrency(64).timeout(Duration.ofSeconds(3)).maxPeers(10).allowPrivateAddresses(true)
                .option("k", "v").config();
        assertThat(config.network()).isEqualTo(Network.BITCOIN_TESTNET4);
        assertThat(config.seeds()).containsExactly("1.2.3.4:48333");
        assertThat(config.settings().concurrency()).isEqualTo(64);
        assertThat(config.settings().timeout()).hasSeconds(3);
        assertThat(config.settings().maxPeers()).isEqualTo(10);
        assertThat(config.settings().allowPrivateAddresses()).isTrue();
        assertThat(config.options()).containsEntry("k", "v");
    }

    @Test
    void dhtCrawlsDefaultToFewerConversationsAtOnce() {
        assertThat(Crawlers.bitcoin().config().settings().concurrency()).isEqualTo(1000);
        assertThat(Crawlers.dht().config().settings().concurrency()).isEqualTo(Crawlers.DHT_DEFAULT_CONCURRENCY).isEqualTo(200);
        assertThat(Crawlers.dht().concurrency(50).config().settings().concurrency()).isEqualTo(50);
    }

    @Test
    void rejectsANetworkOfTheOtherFamily() {
        assertThatThrownBy(() -> Crawlers.bitcoin().network("ipfs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("network 'ipfs' is not a bitcoin network; use Crawlers.dht()");
    }

    @Test
    void rejectsBadSettingsWithOneLine() {
        assertThatThrownBy(() -> Crawlers.bitcoin().concurrency(0).config())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrency must be between 1 and 100000, got 0");
        assertThatThrownBy(() -> Crawlers.bitcoin().timeout(Duration.ZERO).config())
                .hasMessage("timeout must be positive, got PT0S");
    }
}
