package io.peercensus.btc.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsmasqFixtureTest {

    @Test
    void aMissingBinaryFailsNamingTheDebianPackage(@TempDir Path empty) {
        assertThatThrownBy(() -> DnsmasqFixture.locate(List.of(empty)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install -y dnsmasq-base");
    }

    @Test
    void theServerHasNoUpstreamAndListensOnLoopbackOnly() {
        List<String> command = DnsmasqFixture.command(Path.of("/usr/sbin/dnsmasq"), 5353);

        assertThat(command).contains("--no-resolv", "--no-hosts", "--conf-file=/dev/null",
                "--listen-address=127.0.0.1", "--bind-interfaces", "--port=5353");
        assertThat(command).noneMatch(flag -> flag.startsWith("--server"));
    }
}
