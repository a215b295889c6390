package io.peercensus.sink;

import io.peercensus.BitcoinInfo;
import io.peercensus.ErrorClass;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Observations for sink tests: a few hand-made ones and a deterministic generator. */
final class SamplePeers {

    static final Instant SEEN = Instant.parse("2026-11-22T18:31:00.123Z");

    /** User agent bytes that are not valid UTF-8: "/Satoshi:27.0.0/" with 0xFF and a truncated sequence inside. */
    static final byte[] BAD_AGENT_BYTES = {'/', 'S', 'a', 't', (byte) 0xFF, 'o', 's', 'h', 'i', ':', (byte) 0xE2, (byte) 0x82,
        '2', '7', '/', (byte) 0xC0, (byte) 0xAF};

    private SamplePeers() {
    }

    /** {@code bytes} decoded as UTF-8 with U+FFFD for invalid sequences, as the probers decode agents. */
    static String decodeLikeProber(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError(e);
        }
    }

    /** An agent version holding NUL, newline, CR, tab, quote, backslash, U+2028, U+2029 and U+FFFD from bad bytes. */
    static String oddAgentVersion() {
        return "a\u0000b\nc\r\t\"q\"\\x\u2028y\u2029z" + decodeLikeProber(BAD_AGENT_BYTES) + "\u00e9\uD83D\uDE00";
    }

    static BitcoinInfo bitcoin(String userAgentRaw) {
        return new BitcoinInfo(70016, 0x0C09L, List.of("NODE_NETWORK", "NODE_WITNESS", "NODE_NETWORK_LIMITED", "BIT_11"),
                923_456, Boolean.TRUE, 0x8123_4567_89AB_CDEFL, 1000, userAgentRaw);
    }

    static Peer reachableBitcoin() {
        return Peer.builder().network(Network.BITCOIN).peerID("1.2.3.4:8333").addresses(List.of("/ip4/1.2.3.4/tcp/8333"))
                .agentVersion(oddAgentVersion()).status(PeerStatus.REACHABLE).latencyMs(123L).seenAt(SEEN)
                .source("[2001:db8::1]:8333").bitcoin(bitcoin(HexFormat.of().formatHex(BAD_AGENT_BYTES)))
                .neighbours(987).build();
    }

    static Peer reachableBitcoinOldPeer() {
        BitcoinInfo old = new BitcoinInfo(60002, -1L, List.of(), -5, null, 0, 0, null);
        return Peer.builder().network(Network.BITCOIN_TESTNET4).peerID("[2001:db8::2]:48333")
                .addresses(List.of("/ip6/2001:db8::2/tcp/48333")).agentVersion("/Satoshi:0.3.0/")
                .status(PeerStatus.REACHABLE).latencyMs(0L).seenAt(Instant.parse("1970-01-01T00:00:00Z"))
                .bitcoin(old).neighbours(0).build();
    }

    static Peer reachableLibp2p() {
        return Peer.builder().network(Network.IPFS).peerID("12D3KooWEfvbQ9r9Gqg3uUM6u4DfoXoTT7iDzr3Z9HcqyiHcCdRB")
                .addresses(List.of("/ip4/1.2.3.4/tcp/4001", "/ip6/2001:db8::1/udp/4001/quic-v1", "/dns4/x.example/tcp/4001"))
                .protocols(List.of("/ipfs/id/1.0.0", "/ipfs/kad/1.0.0", "/libp2p/circuit/relay/0.2.0/hop"))
                .agentVersion("kubo/0.32.1/").status(PeerStatus.REACHABLE).latencyMs(42L)
                .seenAt(Instant.parse("2026-11-22T18:31:00.123456789Z")).source("QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN")
                .neighbours(200).build();
    }

    static Peer unreachable() {
        return Peer.builder().network(Network.BITCOIN).peerID("5.6.7.8:8333").addresses(List.of("/ip4/5.6.7.8/tcp/8333"))
                .unreachable(ErrorClass.TIMEOUT, "no answer to version within 5000 ms").latencyMs(null).seenAt(SEEN)
                .source("1.2.3.4:8333").build();
    }

    static Peer discoveredOnion() {
        String onion = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd";
        return Peer.builder().network(Network.BITCOIN).peerID(onion + ".onion:8333")
                .addresses(List.of("/onion3/" + onion + ":8333")).status(PeerStatus.DISCOVERED).seenAt(SEEN)
                .source("1.2.3.4:8333").build();
    }

    static List<Peer> all() {
        return List.of(reachableBitcoin(), reachableBitcoinOldPeer(), reachableLibp2p(), unreachable(), discoveredOnion());
    }

    static String peerId(int i) {
        return "10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255) + ":8333";
    }

    /** Observation {@code i} of a generated crawl: the same for the same {@code i}, varied across them. */
    static Peer generated(int i) {
        Random random = new Random(i * 0x9E3779B97F4A7C15L);
        String id = peerId(i);
        Peer.Builder b = Peer.builder().network(Network.BITCOIN).peerID(id)
                .addresses(List.of("/ip4/" + id.replace(":", "/tcp/")))
                .seenAt(Instant.ofEpochSecond(1_790_000_000L + i, random.nextInt(1_000_000_000)))
                .source(i == 0 ? null : peerId(random.nextInt(i)));
        switch (i % 3) {
            case 0 -> {
                byte[] raw = new byte[1 + random.nextInt(24)];
                random.nextBytes(raw);
                String agent = decodeLikeProber(raw);
                boolean valid = !agent.contains("\uFFFD");
                b.status(PeerStatus.REACHABLE).agentVersion(agent).latencyMs((long) random.nextInt(5000))
                        .neighbours(random.nextInt(1001))
                        .bitcoin(new BitcoinInfo(70000 + random.nextInt(17), random.nextLong(), List.of("NODE_NETWORK"),
                                random.nextInt(1_000_000), random.nextBoolean() ? null : random.nextBoolean(),
                                random.nextLong(), random.nextInt(1001), valid ? null : HexFormat.of().formatHex(raw)));
            }
            case 1 -> b.unreachable(ErrorClass.values()[random.nextInt(ErrorClass.values().length)], "detail " + i)
                    .latencyMs(random.nextBoolean() ? null : (long) random.nextInt(5000));
            default -> b.status(PeerStatus.DISCOVERED);
        }
        return b.build();
    }
}
