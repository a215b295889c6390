package io.peercensus.btc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.Crawlers;
import org.junit.jupiter.api.Test;

/** Issue 14: a Bitcoin source checks its seeds and options when it is built, not at the first read of its stream. */
class BitcoinCrawlerBuildTest {

    @Test
    void aMalformedSeedFailsAtBuildWithTheLibrarysWords() {
        assertThatThrownBy(() -> Crawlers.bitcoin().network("regtest").seed("1.2.3.4:99999").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seed '1.2.3.4:99999': port '99999' is out of range 0..65535")
                .message().doesNotContain("--seed");
    }

    @Test
    void anUnknownOptionFailsAtBuild() {
        assertThatThrownBy(() -> Crawlers.bitcoin().option("protocol", "/x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'protocol' for a Bitcoin crawl (Bitcoin crawls take no options)");
    }

    @Test
    void wellFormedSeedsBuild() {
        assertThat(Crawlers.bitcoin().network("mainnet").seed("seed.example").seed("[2001:db8::1]:8333").build())
                .isInstanceOf(BitcoinCrawler.class);
    }
}
