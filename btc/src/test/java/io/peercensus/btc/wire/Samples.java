package io.peercensus.btc.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Seeded, varied messages of every type for round-trip and truncation tests. */
final class Samples {

    private Samples() {
    }

    static NetAddr netAddress(Random rnd) {
        byte[] ip = new byte[16];
        rnd.nextBytes(ip);
        if (rnd.nextBoolean()) { // IPv4-mapped
            System.arraycopy(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff}, 0, ip, 0, 12);
        }
        return new NetAddr(rnd.nextLong(), ip, rnd.nextInt(65536));
    }

    static VersionMessage version(Random rnd) {
        byte[] ua = new byte[rnd.nextInt(VersionMessage.MAX_USER_AGENT_LENGTH + 1)];
        if (rnd.nextBoolean()) {
            rnd.nextBytes(ua); // usually invalid UTF-8
        } else {
            ua = ("/Satoshi:" + rnd.nextInt(30) + ".0.0/").getBytes(StandardCharsets.UTF_8);
        }
        Optional<Boolean> relay = switch (rnd.nextInt(3)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(true);
            default -> Optional.of(false);
        };
        return new VersionMessage(rnd.nextInt(), rnd.nextLong(), rnd.nextLong(), netAddress(rnd), netAddress(rnd),
                rnd.nextLong(), ua, rnd.nextInt(), relay);
    }

    static AddrMessage addr(Random rnd, int count) {
        List<AddrEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new AddrEntry(rnd.nextInt() & 0xffff_ffffL, netAddress(rnd)));
        }
        return new AddrMessage(entries);
    }

    static AddrV2Entry addrV2Entry(Random rnd) {
        int id = rnd.nextInt(10) < 8 ? 1 + rnd.nextInt(7) : 8 + rnd.nextInt(248);
        NetworkId networkId = new NetworkId(id);
        byte[] address = new byte[networkId.addressLength().orElse(rnd.nextInt(40))];
        rnd.nextBytes(address);
        long services = switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(0xfd);
            case 1 -> 0xfd + rnd.nextInt(0xffff - 0xfd);
            case 2 -> 0x1_0000L + rnd.nextInt(Integer.MAX_VALUE);
            default -> rnd.nextLong();
        };
        return new AddrV2Entry(rnd.nextInt() & 0xffff_ffffL, services, networkId, address, rnd.nextInt(65536));
    }

    static AddrV2Message addrV2(Random rnd, int count) {
        List<AddrV2Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(addrV2Entry(rnd));
        }
        return new AddrV2Message(entries);
    }

    static UnknownMessage unknown(Random rnd) {
        String[] commands = {"wtxidrelay", "sendheaders", "feefilter", "sendcmpct", "inv", "abcdefghijkl"};
        byte[] payload = new byte[rnd.nextInt(100)];
        rnd.nextBytes(payload);
        return new UnknownMessage(commands[rnd.nextInt(commands.length)], payload);
    }

    /** Several of every message type. */
    static List<BitcoinMessage> all(long seed) {
        Random rnd = new Random(seed);
        List<BitcoinMessage> all = new ArrayList<>();
        all.add(VerackMessage.INSTANCE);
        all.add(GetAddrMessage.INSTANCE);
        all.add(SendAddrV2Message.INSTANCE);
        all.add(PingMessage.empty());
        all.add(new AddrMessage(List.of()));
        all.add(new AddrV2Message(List.of()));
        for (int i = 0; i < 10; i++) {
            all.add(version(rnd));
            all.add(PingMessage.of(rnd.nextLong()));
            all.add(new PongMessage(rnd.nextLong()));
            all.add(addr(rnd, 1 + rnd.nextInt(20)));
            all.add(addrV2(rnd, 1 + rnd.nextInt(20)));
            all.add(unknown(rnd));
        }
        all.add(addr(rnd, AddrMessage.MAX_ENTRIES));
        all.add(addrV2(rnd, AddrMessage.MAX_ENTRIES));
        return all;
    }
}
