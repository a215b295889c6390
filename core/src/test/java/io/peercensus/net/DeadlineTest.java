package io.peercensus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void countsDownOnTheInjectedClock() throws SocketTimeoutException {
        Deadline d = Deadline.after(Duration.ofMillis(100), now::get);
        assertThat(d.remaining()).isEqualTo(Duration.ofMillis(100));
        now.addAndGet(40_000_000);
        assertThat(d.remaining()).isEqualTo(Duration.ofMillis(60));
        assertThat(d.socketTimeoutMillis("version")).isEqualTo(60);
        now.addAndGet(59_999_999);
        assertThat(d.socketTimeoutMillis("version")).as("never 0, which means forever").isEqualTo(1);
        now.addAndGet(1);
        assertThat(d.expired()).isTrue();
        assertThat(d.remaining()).isZero();
        assertThatThrownBy(() -> d.socketTimeoutMillis("version"))
                .isInstanceOf(SocketTimeoutException.class).hasMessage("version: deadline passed");
    }

    @Test
    void atMostTakesTheEarlier() {
        Deadline d = Deadline.after(Duration.ofSeconds(10), now::get);
        assertThat(d.atMost(Duration.ofSeconds(1)).remaining()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.atMost(Duration.ofSeconds(60)).remaining()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void hugeTimeoutsSaturate() {
        Deadline d = Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), now::get);
        assertThat(d.expired()).isFalse();
    }
}
