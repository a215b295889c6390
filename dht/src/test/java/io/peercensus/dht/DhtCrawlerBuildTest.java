package io.peercensus.dht;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.Crawlers;
import org.junit.jupiter.api.Test;

/** Issue 14: a DHT source refuses an option it does not know when it is built, naming the ones it knows. */
class DhtCrawlerBuildTest {

    @Test
    void anUnknownOptionFailsAtBuild() {
        assertThatThrownBy(() -> Crawlers.dht().option("protocl", "/x/kad/1.0.0").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'protocl' for a DHT crawl (known: protocol)");
    }
}
