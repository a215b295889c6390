package io.peercensus.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import io.peercensus.btc.seed.DnsmasqFixture;
import org.junit.jupiter.api.Test;

/** Runs the packaged {@code examples/target/peercensus.jar} as a user would. */
class PeercensusJarIT {
    record Result(int status, String out, String err) {
    }

    static Result java(String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("peercensus-jar");
        try (JarProcess p = JarProcess.start(dir, "run", args)) {
            int status = p.waitFor(60);
            if (status < 0) {
                throw new AssertionError("peercensus " + String.join(" ", args) + " did not end within 60 s");
            }
            return new Result(status, p.stdout(), p.stderr());
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Result r = java("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: peercensus", "bitcoin", "dht");
    }

    @Test
    void badOptionPrintsOneLineAndExits2() throws Exception {
        Result r = java("--bogus");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly("peercensus: Unknown option: '--bogus' (see 'peercensus --help')");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void demoCrawlsTheSimulatedNetworkAndExits0() throws Exception {
        Result r = java("demo", "--nodes", "300", "--seed", "7");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("starting a simulated Bitcoin network of 300 nodes", "reachable nodes (100.0%)",
                "top user agents:", "waits: 2s/12s/8s (connect/each message/the whole answer); a real crawl waits 3s/30s/70s");
        assertThat(r.err()).containsPattern("crawl [0-9a-f-]+ of bitcoin exhausted after")
                .containsPattern("conversations ended: answered \\d+")
                .containsPattern("\\d+ of the reachable nodes send their getaddr answer after the 8 s answer wait");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bitcoinWithNoResolvableSeedExitsNonZeroWithOneLine() throws Exception {
        try (DnsmasqFixture dns = DnsmasqFixture.builder().start()) { // knows no names at all
            Result r = java("bitcoin", "--network", "signet", "--resolver",
                    dns.address().getHostString() + ":" + dns.address().getPort(), "--timeout", "2s");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err().lines()).singleElement().asString()
                    .startsWith("peercensus: no seed resolved: ")
                    .contains("seed.signet.bitcoin.sprovoost.nl")
                    .endsWith("give peers with --seed host:port (or CrawlerBuilder.seed) or a reachable DNS resolver with --resolver host:port");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void demoOfASimulatedIpfsDhtFindsEveryDialableNode() throws Exception {
        Result r = java("demo", "--network", "ipfs", "--nodes", "120", "--seed", "3");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("starting a simulated IPFS DHT of 120 nodes", "reachable nodes (100.0%)",
                "top agent versions:");
        assertThat(r.err()).containsPattern("crawl [0-9a-f-]+ of ipfs exhausted after");
    }

    @Test
    void dhtWithAnUnreachableBootstrapExitsNonZeroWithOneLine() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort(); // nobody listens there once closed
        }
        Result r = java("dht", "--allow-private", "--timeout", "2s", "--bootstrap",
                "/ip4/127.0.0.1/tcp/" + port + "/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.startsWith("peercensus:")).toList()).containsExactly(
                "peercensus: the crawl reached no peer: 1 unreachable (refused 1); check the seeds (--seed, --bootstrap)");
        assertThat(r.err().lines().filter(l -> !l.startsWith("crawl ")).toList()).hasSize(1);
    }
}
