package io.peercensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.net.Socks5Exception;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class ErrorClassTest {

    @Test
    void classifiesSocketFailures() {
        assertThat(ErrorClass.of(new SocketTimeoutException("Read timed out"))).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(ErrorClass.of(new ConnectException("Connection refused"))).isEqualTo(ErrorClass.REFUSED);
        assertThat(ErrorClass.of(new NoRouteToHostException("No route to host"))).isEqualTo(ErrorClass.REFUSED);
        assertThat(ErrorClass.of(new SocketException("Connection reset"))).isEqualTo(ErrorClass.RESET);
        assertThat(ErrorClass.of(new EOFException())).isEqualTo(ErrorClass.RESET);
        assertThat(ErrorClass.of(new IOException("Broken pipe"))).isEqualTo(ErrorClass.RESET);
    }

    @Test
    void proxyFailuresAreTheProxysEvenWhenTheyAreTimeouts() {
        assertThat(ErrorClass.of(new Socks5Exception("proxy 127.0.0.1:9050 did not answer within 5000 ms", null)))
                .isEqualTo(ErrorClass.PROXY);
    }

    @Test
    void errorStringRoundTrips() {
        PeerError e = new PeerError(ErrorClass.PROTOCOL, "bad magic 0x0b110907");
        assertThat(e.toJson()).isEqualTo("protocol: bad magic 0x0b110907");
        assertThat(PeerError.parse(e.toJson())).isEqualTo(e);
        assertThat(PeerError.parse("timeout")).isEqualTo(new PeerError(ErrorClass.TIMEOUT, ""));
    }
}
