package io.peercensus.testkit.internal.btc;

import io.peercensus.btc.wire.ServiceFlag;
import io.peercensus.btc.wire.VersionMessage;
import io.peercensus.testkit.AnnouncedVersion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The {@code version} fields simulated nodes announce: a mix of user agents, services and heights like the one a
 * mainnet crawl sees, the old versions of nodes from before BIP155, and the odd user agents a crawler must keep
 * byte for byte.
 *
 * <p>Stateless and thread-safe; every choice comes from the {@link SplittableRandom} passed in.
 */
final class VersionProfiles {

    /** NODE_NETWORK | NODE_WITNESS | NODE_NETWORK_LIMITED: a full node from 0.19 on. */
    static final long FULL = ServiceFlag.NODE_NETWORK.mask() | ServiceFlag.NODE_WITNESS.mask()
            | ServiceFlag.NODE_NETWORK_LIMITED.mask();
    private static final long P2P_V2 = ServiceFlag.NODE_P2P_V2.mask();
    private static final long PRUNED = ServiceFlag.NODE_WITNESS.mask() | ServiceFlag.NODE_NETWORK_LIMITED.mask();

    /** Modern user agents with their weights (out of the sum), from the shape of a 2025 mainnet crawl. */
    private static final String[] MODERN_AGENTS = {
        "/Satoshi:28.1.0/", "/Satoshi:28.0.0/", "/Satoshi:27.2.0/", "/Satoshi:27.1.0/", "/Satoshi:27.0.0/",
        "/Satoshi:26.1.0/", "/Satoshi:26.0.0/", "/Satoshi:25.1.0/", "/Satoshi:25.0.0/", "/Satoshi:24.0.1/",
        "/Satoshi:23.0.0/", "/Satoshi:22.0.0/", "/Satoshi:0.21.1/", "/Satoshi:28.1.0/Knots:20250305/",
        "/Satoshi:27.1.0/Knots:20240801/", "/btcwire:0.5.0/btcd:0.24.2/", "/Satoshi:27.0.0(@bitnodes)/",
    };
    private static final int[] MODERN_WEIGHTS = {22, 14, 6, 10, 8, 6, 5, 4, 4, 3, 3, 3, 2, 4, 2, 2, 2};

    /** Bitcoin Core releases with BIP155 from before 22. */
    private static final String[] BEFORE_V22_AGENTS = {"/Satoshi:0.21.0/", "/Satoshi:0.21.1/", "/Satoshi:0.21.2/"};

    /** Old nodes: user agent, protocol version, whether they send the relay byte. */
    private static final String[] OLD_AGENTS = {
        "/Satoshi:0.20.1/", "/Satoshi:0.19.1/", "/Satoshi:0.18.1/", "/Satoshi:0.16.3/", "/Satoshi:0.13.2/",
        "/Satoshi:0.9.3/", "/Satoshi:0.7.2/",
    };
    private static final int[] OLD_VERSIONS = {70015, 70015, 70015, 70015, 70014, 70002, 60002};

    /** The odd user agents, each valid in a {@code version} message; a crawler must keep their bytes exactly. */
    private static final byte[][] ODD_AGENTS = {
        utf8("/Satoshi:27.0.0/\u0000hidden/"),
        utf8("/line one\nline two\r/"),
        utf8("/say \"hi\" \\ back\\slash/"),
        utf8("/line\u2028separator\u2029/"),
        bytes("/bad utf8 ", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, (byte) 0xe2, (byte) 0x82}, "/"),
        maxLength(),
        new byte[0],
        utf8("/\uD83E\uDD80:1.0\t\u001b[31m/"),
    };

    private VersionProfiles() {
    }

    /** The best height of the simulated chain, drawn once per network. */
    static int tipHeight(SplittableRandom random) {
        return 880_000 + random.nextInt(20_000);
    }

    /** A modern node (protocol 70016, relay byte present). */
    static AnnouncedVersion modern(SplittableRandom random, int tip) {
        String agent = MODERN_AGENTS[weighted(random, MODERN_WEIGHTS)];
        long services = FULL;
        int roll = random.nextInt(100);
        if (roll < 10) {
            services = PRUNED;
        } else if (roll < 15) {
            services |= ServiceFlag.NODE_BLOOM.mask();
        } else if (roll < 20) {
            services |= ServiceFlag.NODE_COMPACT_FILTERS.mask();
        }
        if (agent.startsWith("/Satoshi:2") && agent.compareTo("/Satoshi:26") >= 0 && random.nextInt(100) < 60) {
            services |= P2P_V2;
        }
        boolean relay = random.nextInt(100) >= 4; // a few blocks-only nodes
        return new AnnouncedVersion(70016, services, utf8(agent), height(random, tip), Optional.of(relay));
    }

    /**
     * Bitcoin Core 0.21: protocol 70016 and BIP155, but from before version 22, so its getaddr answer waits for its
     * address timer ({@code TRICKLE} nodes).
     */
    static AnnouncedVersion beforeV22(SplittableRandom random, int tip) {
        String agent = BEFORE_V22_AGENTS[random.nextInt(BEFORE_V22_AGENTS.length)];
        long services = random.nextInt(100) < 10 ? PRUNED : FULL;
        return new AnnouncedVersion(70016, services, utf8(agent), height(random, tip), Optional.of(Boolean.TRUE));
    }

    /** A node from before BIP155: protocol 70015 or older; below 70001 the relay byte is left out. */
    static AnnouncedVersion old(SplittableRandom random, int tip) {
        int i = random.nextInt(OLD_AGENTS.length);
        int version = OLD_VERSIONS[i];
        long services = version >= 70014 ? ServiceFlag.NODE_NETWORK.mask() | ServiceFlag.NODE_WITNESS.mask()
                : ServiceFlag.NODE_NETWORK.mask();
        if (random.nextBoolean()) {
            services |= ServiceFlag.NODE_BLOOM.mask();
        }
        // Old nodes are often stuck far behind (a consensus fork they never followed).
        int height = random.nextInt(4) == 0 ? tip - 100_000 - random.nextInt(300_000) : height(random, tip);
        Optional<Boolean> relay = version >= 70001 ? Optional.of(Boolean.TRUE) : Optional.empty();
        return new AnnouncedVersion(version, services, utf8(OLD_AGENTS[i]), height, relay);
    }

    /** The {@code ordinal}-th odd-agent node: a modern node with the {@code ordinal % 8}-th odd user agent. */
    static AnnouncedVersion odd(SplittableRandom random, int tip, int ordinal) {
        AnnouncedVersion base = modern(random, tip);
        return new AnnouncedVersion(base.version(), base.services(), ODD_AGENTS[ordinal % ODD_AGENTS.length],
                base.startHeight(), base.relay());
    }

    /** How many odd user agents there are (an odd-agent fraction giving this many nodes shows them all). */
    static int oddAgentCount() {
        return ODD_AGENTS.length;
    }

    private static int height(SplittableRandom random, int tip) {
        int roll = random.nextInt(100);
        if (roll < 90) {
            return tip - random.nextInt(3);
        } else if (roll < 97) {
            return tip - 3 - random.nextInt(200);
        }
        return random.nextInt(tip); // still syncing
    }

    private static int weighted(SplittableRandom random, int[] weights) {
        int total = Arrays.stream(weights).sum();
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: weights sum to " + total);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String head, byte[] middle, String tail) {
        byte[] h = utf8(head);
        byte[] t = utf8(tail);
        byte[] all = Arrays.copyOf(h, h.length + middle.length + t.length);
        System.arraycopy(middle, 0, all, h.length, middle.length);
        System.arraycopy(t, 0, all, h.length + middle.length, t.length);
        return all;
    }

    /** Exactly {@link VersionMessage#MAX_USER_AGENT_LENGTH} bytes, with multi-byte characters inside. */
    private static byte[] maxLength() {
        byte[] head = utf8("/Satoshi:27.0.0/\u00e9\u00e9/");
        byte[] all = new byte[VersionMessage.MAX_USER_AGENT_LENGTH];
        Arrays.fill(all, (byte) 'x');
        System.arraycopy(head, 0, all, 0, head.length);
        all[all.length - 1] = '/';
        return all;
    }
}
