package io.peercensus.btc.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.internal.wire.FrameReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.AddressV1Message;
import org.bitcoinj.core.AddressV2Message;
import org.bitcoinj.core.BitcoinSerializer;
import org.bitcoinj.core.Message;
import org.bitcoinj.core.NetworkParameters;
import org.bitcoinj.core.PeerAddress;
import org.bitcoinj.core.Ping;
import org.bitcoinj.core.Pong;
import org.bitcoinj.core.Services;
import org.bitcoinj.core.VersionAck;
import org.bitcoinj.core.internal.TorUtils;
import org.junit.jupiter.api.Test;

/**
 * Conformance with an independent implementation, bitcoinj 0.17: what we encode, bitcoinj decodes to the same
 * values, and what bitcoinj encodes, we decode to the same values and write back byte for byte.
 */
class BitcoinjConformanceTest {

    private static final BitcoinSerializer MAINNET_SERIALIZER = new BitcoinSerializer(BitcoinNetwork.MAINNET);
    private static final int MAIN = BitcoinNetworkParams.MAINNET.magic();

    private static byte[] frameOf(Message m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MAINNET_SERIALIZER.serialize(m, out);
        return out.toByteArray();
    }

    private static BitcoinMessage ours(byte[] frame) throws Exception {
        return new FrameReader(new ByteArrayInputStream(frame), MAIN).read().decode();
    }

    private static Message theirs(BitcoinMessage m) throws Exception {
        return MAINNET_SERIALIZER.deserialize(ByteBuffer.wrap(Frame.of(m).encode(MAIN)));
    }

    @Test
    void networkMagicAndPortsMatchBitcoinj() {
        record Pair(BitcoinNetworkParams ours, BitcoinNetwork theirs) { }
        for (Pair p : List.of(new Pair(BitcoinNetworkParams.MAINNET, BitcoinNetwork.MAINNET),
                new Pair(BitcoinNetworkParams.TESTNET3, BitcoinNetwork.TESTNET),
                new Pair(BitcoinNetworkParams.SIGNET, BitcoinNetwork.SIGNET),
                new Pair(BitcoinNetworkParams.REGTEST, BitcoinNetwork.REGTEST))) {
            NetworkParameters params = NetworkParameters.of(p.theirs());
            assertThat(p.ours().magic()).as(p.ours().name()).isEqualTo(params.getPacketMagic());
            assertThat(p.ours().defaultPort()).as(p.ours().name()).isEqualTo(params.getPort());
        }
    }

    @Test
    void ourVersionParsesInBitcoinjToTheSameValues() throws Exception {
        Random rnd = new Random(11);
        for (int i = 0; i < 50; i++) {
            VersionMessage v = Samples.version(rnd);
            // bitcoinj requires protocol >= 70000 (and then the relay byte), and reads start_height unsigned
            v = new VersionMessage(70000 + rnd.nextInt(100), v.services(), rnd.nextInt(Integer.MAX_VALUE), v.addrRecv(),
                    v.addrFrom(), v.nonce(), v.userAgent(), rnd.nextInt(Integer.MAX_VALUE), Optional.of(rnd.nextBoolean()));
            org.bitcoinj.core.VersionMessage b = (org.bitcoinj.core.VersionMessage) theirs(v);
            assertThat(b.clientVersion).isEqualTo(v.version());
            assertThat(b.localServices.bits()).isEqualTo(v.services());
            assertThat(b.time.getEpochSecond()).isEqualTo(v.timestamp());
            assertThat(b.receivingServices.bits()).isEqualTo(v.addrRecv().services());
            assertThat(b.receivingAddr.getAddress()).isEqualTo(v.addrRecv().inetAddress());
            assertThat(b.receivingAddr.getPort()).isEqualTo(v.addrRecv().port());
            assertThat(b.subVer).isEqualTo(v.userAgentString()); // both decode invalid UTF-8 to U+FFFD
            assertThat(b.bestHeight).isEqualTo(v.startHeight());
            assertThat(b.relayTxesBeforeFilter).isEqualTo(v.relay().orElseThrow());
        }
    }

    @Test
    void bitcoinjVersionParsesInOursAndWritesBackExactly() throws Exception {
        org.bitcoinj.core.VersionMessage b =
                new org.bitcoinj.core.VersionMessage(NetworkParameters.of(BitcoinNetwork.MAINNET), 912_345);
        b.clientVersion = 70016;
        b.localServices = Services.of(ServiceFlag.NODE_WITNESS.mask() | ServiceFlag.NODE_NETWORK_LIMITED.mask());
        b.time = Instant.ofEpochSecond(1_700_000_000L);
        b.receivingServices = Services.of(0x409);
        b.receivingAddr = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 7}), 8333);
        b.appendToSubVer("peercensus", "0.1", "conformance");
        b.relayTxesBeforeFilter = false;
        byte[] frame = frameOf(b);

        VersionMessage v = (VersionMessage) ours(frame);
        assertThat(v.version()).isEqualTo(70016);
        assertThat(ServiceFlag.names(v.services())).containsExactly("NODE_WITNESS", "NODE_NETWORK_LIMITED");
        assertThat(v.timestamp()).isEqualTo(1_700_000_000L);
        assertThat(v.addrRecv().services()).isEqualTo(0x409);
        assertThat(v.addrRecv().inetAddress().getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(v.addrRecv().port()).isEqualTo(8333);
        assertThat(v.userAgentString()).isEqualTo(b.subVer).isEqualTo("/bitcoinj:0.17.1/peercensus:0.1(conformance)/");
        assertThat(v.startHeight()).isEqualTo(912_345);
        assertThat(v.relay()).contains(false);
        assertThat(Frame.of(v).encode(MAIN)).isEqualTo(frame);
    }

    @Test
    void addrRoundTripsBetweenUsAndBitcoinj() throws Exception {
        Random rnd = new Random(12);
        AddressV1Message b = AddressV1Message.read(ByteBuffer.wrap(new byte[] {0}));
        for (int i = 0; i < 200; i++) {
            byte[] ip = new byte[rnd.nextBoolean() ? 4 : 16];
            rnd.nextBytes(ip);
            ip[0] = (byte) (0x20 + rnd.nextInt(0x80)); // keep clear of OnionCat fd87:d87e:eb43::/48
            b.addAddress(PeerAddress.inet(InetAddress.getByAddress(ip), rnd.nextInt(65536), Services.of(rnd.nextLong()),
                    Instant.ofEpochSecond(rnd.nextInt() & 0xffff_ffffL)));
        }
        byte[] frame = frameOf(b);
        AddrMessage m = (AddrMessage) ours(frame);
        assertEntriesMatch(m, b.getAddresses());
        assertThat(Frame.of(m).encode(MAIN)).isEqualTo(frame);

        AddrMessage sample = Samples.addr(rnd, 300);
        assertEntriesMatch(sample, ((AddressV1Message) theirs(sample)).getAddresses());
    }

    private static void assertEntriesMatch(AddrMessage m, List<PeerAddress> theirs) {
        assertThat(m.entries()).hasSameSizeAs(theirs);
        for (int i = 0; i < theirs.size(); i++) {
            AddrEntry e = m.entries().get(i);
            PeerAddress p = theirs.get(i);
            assertThat(p.time().getEpochSecond()).isEqualTo(e.time());
            assertThat(p.getServices().bits()).isEqualTo(e.address().services());
            assertThat(p.getPort()).isEqualTo(e.address().port());
            if (p.getAddr() != null) {
                assertThat(p.getAddr()).isEqualTo(e.address().inetAddress());
            } else { // bitcoinj turns OnionCat into a .onion host name
                assertThat(e.address().ip()).startsWith(0xfd, 0x87, 0xd8, 0x7e, 0xeb, 0x43);
            }
        }
    }

    @Test
    void ourAddrV2ParsesInBitcoinjIncludingOnionAndSkippedNetworks() throws Exception {
        Random rnd = new Random(13);
        List<AddrV2Entry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            AddrV2Entry e = Samples.addrV2Entry(rnd);
            if (e.networkId().equals(NetworkId.IPV6)) {
                byte[] a = e.address();
                a[0] = 0x20; // a plain global IPv6 address (bitcoinj would re-map ::ffff:0:0/96 to IPv4)
                e = new AddrV2Entry(e.time(), e.services(), e.networkId(), a, e.port());
            }
            if (!e.networkId().equals(NetworkId.TORV2)) { // Tor v2 is dead; bitcoinj still parses it, but skip it
                entries.add(e);
            }
        }
        AddrV2Message m = new AddrV2Message(entries);
        List<PeerAddress> theirs = ((AddressV2Message) theirs(m)).getAddresses();
        assertThat(theirs).hasSameSizeAs(entries);
        for (int i = 0; i < entries.size(); i++) {
            AddrV2Entry e = entries.get(i);
            PeerAddress p = theirs.get(i);
            assertThat(p.time().getEpochSecond()).isEqualTo(e.time());
            assertThat(p.getServices().bits()).isEqualTo(e.services());
            assertThat(p.getPort()).isEqualTo(e.port());
            int id = e.networkId().id();
            if (id == 1 || id == 2) {
                assertThat(p.getAddr().getAddress()).isEqualTo(e.address());
            } else if (id == 4) {
                assertThat(TorUtils.decodeOnionUrl(p.getHostname())).isEqualTo(e.address());
            } else { // I2P, CJDNS, Yggdrasil and unknown IDs: bitcoinj keeps neither address nor host name
                assertThat(p.getAddr()).isNull();
                assertThat(p.getHostname()).isNull();
            }
        }
    }

    @Test
    void bitcoinjAddrV2ParsesInOursAndWritesBackExactly() throws Exception {
        Random rnd = new Random(14);
        AddressV2Message b = AddressV2Message.read(ByteBuffer.wrap(new byte[] {0}));
        for (int i = 0; i < 100; i++) {
            byte[] ip = new byte[i % 2 == 0 ? 4 : 16];
            rnd.nextBytes(ip);
            ip[0] = (byte) (0x20 + rnd.nextInt(0x80));
            b.addAddress(PeerAddress.inet(InetAddress.getByAddress(ip), rnd.nextInt(65536), Services.of(rnd.nextLong()),
                    Instant.ofEpochSecond(rnd.nextInt() & 0xffff_ffffL)));
        }
        // a Tor v3 entry, which bitcoinj writes from its .onion host name
        byte[] onion = new byte[32];
        rnd.nextBytes(onion);
        AddrV2Message withOnion = new AddrV2Message(List.of(new AddrV2Entry(5, 9, NetworkId.TORV3, onion, 8333)));
        b.addAddress(((AddressV2Message) theirs(withOnion)).getAddresses().get(0));

        byte[] frame = frameOf(b);
        AddrV2Message m = (AddrV2Message) ours(frame);
        assertThat(m.entries()).hasSize(101);
        assertThat(m.entries().get(100)).isEqualTo(withOnion.entries().get(0));
        for (int i = 0; i < 100; i++) {
            PeerAddress p = b.getAddresses().get(i);
            AddrV2Entry e = m.entries().get(i);
            assertThat(e.networkId()).isEqualTo(i % 2 == 0 ? NetworkId.IPV4 : NetworkId.IPV6);
            assertThat(e.address()).isEqualTo(p.getAddr().getAddress());
            assertThat(e.services()).isEqualTo(p.getServices().bits());
            assertThat(e.time()).isEqualTo(p.time().getEpochSecond());
            assertThat(e.port()).isEqualTo(p.getPort());
        }
        assertThat(Frame.of(m).encode(MAIN)).isEqualTo(frame);
    }

    @Test
    void pingAndPongMatchBitcoinjBothWays() throws Exception {
        Random rnd = new Random(15);
        for (int i = 0; i < 20; i++) {
            long nonce = rnd.nextLong();
            assertThat(frameOf(Ping.of(nonce))).isEqualTo(Frame.of(PingMessage.of(nonce)).encode(MAIN));
            assertThat(frameOf(Pong.of(nonce))).isEqualTo(Frame.of(new PongMessage(nonce)).encode(MAIN));
            assertThat(ours(frameOf(Ping.of(nonce)))).isEqualTo(PingMessage.of(nonce));
            assertThat(ours(frameOf(Pong.of(nonce)))).isEqualTo(new PongMessage(nonce));
            assertThat(((Ping) theirs(PingMessage.of(nonce))).nonce()).isEqualTo(nonce);
            assertThat(((Pong) theirs(new PongMessage(nonce))).nonce()).isEqualTo(nonce);
        }
    }

    @Test
    void emptyMessagesFrameIdentically() throws Exception {
        assertThat(frameOf(new VersionAck())).isEqualTo(Frame.of(VerackMessage.INSTANCE).encode(MAIN));
        assertThat(frameOf(new org.bitcoinj.core.GetAddrMessage())).isEqualTo(Frame.of(GetAddrMessage.INSTANCE).encode(MAIN));
        assertThat(frameOf(new org.bitcoinj.core.SendAddrV2Message()))
                .isEqualTo(Frame.of(SendAddrV2Message.INSTANCE).encode(MAIN));
        assertThat(theirs(SendAddrV2Message.INSTANCE)).isInstanceOf(org.bitcoinj.core.SendAddrV2Message.class);
    }

    @Test
    void userAgentBytesSurviveWhereBitcoinjSeesAString() throws Exception {
        byte[] ua = "/Satoshi:27.0.0/\u00e9".getBytes(StandardCharsets.UTF_8);
        NetAddr zero = new NetAddr(0, new byte[16], 0);
        VersionMessage v = new VersionMessage(70016, 0, 0, zero, zero, 1, ua, 1, Optional.of(true));
        assertThat(((org.bitcoinj.core.VersionMessage) theirs(v)).subVer).isEqualTo("/Satoshi:27.0.0/\u00e9");
    }
}
