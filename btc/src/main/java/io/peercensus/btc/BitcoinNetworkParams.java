package io.peercensus.btc;

import io.peercensus.Network;
import java.util.List;
import java.util.Optional;

/**
 * The Bitcoin networks peercensus crawls: each one's message magic, default port, DNS seeds (as in Bitcoin Core's
 * {@code chainparams.cpp}, without the trailing dot) and its {@link Network} name in observations.
 *
 * <p>The magic is held as a big-endian {@code int} of the four bytes as sent, so mainnet's {@code f9 be b4 d9}
 * is {@code 0xf9beb4d9}. Immutable and thread-safe.
 */
public enum BitcoinNetworkParams {
    /** Bitcoin mainnet. */
    MAINNET(Network.BITCOIN, 0xf9beb4d9, 8333, List.of(
            "seed.bitcoin.sipa.be",
            "dnsseed.bluematt.me",
            "seed.bitcoin.jonasschnelli.ch",
            "seed.btc.petertodd.net",
            "seed.bitcoin.sprovoost.nl",
            "dnsseed.emzy.de",
            "seed.bitcoin.wiz.biz",
            "seed.mainnet.achownodes.xyz")),
    /** Bitcoin testnet3. */
    TESTNET3(Network.BITCOIN_TESTNET3, 0x0b110907, 18333, List.of(
            "testnet-seed.bitcoin.jonasschnelli.ch",
            "seed.tbtc.petertodd.net",
            "seed.testnet.bitcoin.sprovoost.nl",
            "testnet-seed.bluematt.me",
            "seed.testnet.achownodes.xyz")),
    /** Bitcoin testnet4 (BIP94). */
    TESTNET4(Network.BITCOIN_TESTNET4, 0x1c163f28, 48333, List.of(
            "seed.testnet4.bitcoin.sprovoost.nl",
            "seed.testnet4.wiz.biz")),
    /** The default global signet (BIP325); its magic is the first 4 bytes of SHA-256d of its challenge script. */
    SIGNET(Network.BITCOIN_SIGNET, 0x0a03cf40, 38333, List.of(
            "seed.signet.bitcoin.sprovoost.nl",
            "seed.signet.achownodes.xyz")),
    /** Regtest: local only; Core's placeholder seed {@code dummySeed.invalid} is left out, so there are none. */
    REGTEST(Network.BITCOIN_REGTEST, 0xfabfb5da, 18444, List.of());

    private final Network network;
    private final int magic;
    private final int defaultPort;
    private final List<String> dnsSeeds;

    BitcoinNetworkParams(Network network, int magic, int defaultPort, List<String> dnsSeeds) {
        this.network = network;
        this.magic = magic;
        this.defaultPort = defaultPort;
        this.dnsSeeds = dnsSeeds;
    }

    /** The network's name in observations ({@code bitcoin}, {@code bitcoin-testnet4}, ...). */
    public Network network() {
        return network;
    }

    /** The message start bytes as a big-endian {@code int} of the bytes as sent. */
    public int magic() {
        return magic;
    }

    /** The four message start bytes, in the order they are sent. */
    public byte[] magicBytes() {
        return new byte[] {(byte) (magic >>> 24), (byte) (magic >>> 16), (byte) (magic >>> 8), (byte) magic};
    }

    /** The port nodes listen on by default. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The DNS seed host names, in Bitcoin Core's order. */
    public List<String> dnsSeeds() {
        return dnsSeeds;
    }

    /** The parameters of {@code network}, if it is one of these. */
    public static Optional<BitcoinNetworkParams> of(Network network) {
        for (BitcoinNetworkParams p : values()) {
            if (p.network.equals(network)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The parameters whose magic is {@code magic} (bytes as sent), if any. */
    public static Optional<BitcoinNetworkParams> ofMagic(int magic) {
        for (BitcoinNetworkParams p : values()) {
            if (p.magic == magic) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
