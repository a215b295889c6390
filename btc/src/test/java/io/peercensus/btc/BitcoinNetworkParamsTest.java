package io.peercensus.btc;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.Network;
import io.peercensus.btc.internal.wire.Checksum;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BitcoinNetworkParamsTest {

    @Test
    void carriesBitcoinCoresMagicAndPorts() {
        assertThat(HexFormat.of().formatHex(BitcoinNetworkParams.MAINNET.magicBytes())).isEqualTo("f9beb4d9");
        assertThat(HexFormat.of().formatHex(BitcoinNetworkParams.TESTNET3.magicBytes())).isEqualTo("0b110907");
        assertThat(HexFormat.of().formatHex(BitcoinNetworkParams.TESTNET4.magicBytes())).isEqualTo("1c163f28");
        assertThat(HexFormat.of().formatHex(BitcoinNetworkParams.REGTEST.magicBytes())).isEqualTo("fabfb5da");
        assertThat(BitcoinNetworkParams.MAINNET.defaultPort()).isEqualTo(8333);
        assertThat(BitcoinNetworkParams.TESTNET3.defaultPort()).isEqualTo(18333);
        assertThat(BitcoinNetworkParams.TESTNET4.defaultPort()).isEqualTo(48333);
        assertThat(BitcoinNetworkParams.SIGNET.defaultPort()).isEqualTo(38333);
        assertThat(BitcoinNetworkParams.REGTEST.defaultPort()).isEqualTo(18444);
    }

    @Test
    void signetMagicIsTheFirstFourBytesOfSha256dOfTheDefaultChallenge() {
        // BIP325: the challenge script serialised with its CompactSize length, hashed with SHA-256d.
        byte[] challenge = HexFormat.of().parseHex("512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be4"
                + "30210359ef5021964fe22d6f8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae");
        byte[] serialised = ByteBuffer.allocate(1 + challenge.length).put((byte) challenge.length).put(challenge).array();
        byte[] hash = Checksum.sha256d(serialised);
        assertThat(BitcoinNetworkParams.SIGNET.magicBytes()).containsExactly(hash[0], hash[1], hash[2], hash[3]);
    }

    @Test
    void mapsToAndFromPeercensusNetworks() {
        assertThat(BitcoinNetworkParams.MAINNET.network()).isEqualTo(Network.BITCOIN);
        assertThat(BitcoinNetworkParams.of(Network.BITCOIN_TESTNET4)).contains(BitcoinNetworkParams.TESTNET4);
        assertThat(BitcoinNetworkParams.of(Network.IPFS)).isEmpty();
        for (BitcoinNetworkParams p : BitcoinNetworkParams.values()) {
            assertThat(BitcoinNetworkParams.of(p.network())).contains(p);
            assertThat(BitcoinNetworkParams.ofMagic(p.magic())).contains(p);
        }
    }

    @Test
    void listsBitcoinCoresDnsSeeds() {
        assertThat(BitcoinNetworkParams.MAINNET.dnsSeeds()).startsWith("seed.bitcoin.sipa.be").hasSize(8)
                .allSatisfy(s -> assertThat(s).doesNotEndWith("."));
        assertThat(BitcoinNetworkParams.TESTNET4.dnsSeeds())
                .containsExactly("seed.testnet4.bitcoin.sprovoost.nl", "seed.testnet4.wiz.biz");
        assertThat(BitcoinNetworkParams.REGTEST.dnsSeeds()).isEmpty();
    }
}
