package io.peercensus.btc.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceFlagTest {

    @Test
    void usesBitcoinCoreBitPositions() {
        assertThat(ServiceFlag.NODE_NETWORK.mask()).isEqualTo(1);
        assertThat(ServiceFlag.NODE_BLOOM.mask()).isEqualTo(4);
        assertThat(ServiceFlag.NODE_WITNESS.mask()).isEqualTo(8);
        assertThat(ServiceFlag.NODE_COMPACT_FILTERS.mask()).isEqualTo(64);
        assertThat(ServiceFlag.NODE_NETWORK_LIMITED.mask()).isEqualTo(1024);
        assertThat(ServiceFlag.NODE_P2P_V2.mask()).isEqualTo(2048);
    }

    @Test
    void namesKnownBitsAndSpellsOutUnknownOnes() {
        assertThat(ServiceFlag.names(0)).isEmpty();
        assertThat(ServiceFlag.names(0xc0d)).containsExactly(
                "NODE_NETWORK", "NODE_BLOOM", "NODE_WITNESS", "NODE_NETWORK_LIMITED", "NODE_P2P_V2");
        assertThat(ServiceFlag.names(0x1000002L | Long.MIN_VALUE)).containsExactly("BIT_1", "BIT_24", "BIT_63");
        assertThat(ServiceFlag.NODE_WITNESS.isSetIn(0x409)).isTrue();
        assertThat(ServiceFlag.NODE_BLOOM.isSetIn(0x409)).isFalse();
    }
}
