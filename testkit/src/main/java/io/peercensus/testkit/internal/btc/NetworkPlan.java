package io.peercensus.testkit.internal.btc;

import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.testkit.AnnouncedVersion;
import io.peercensus.testkit.BitcoinNodeKind;
import io.peercensus.testkit.internal.net.LoopbackAddresses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The layout of a simulated network, drawn from its settings and seed alone (no sockets): each node's kind,
 * {@code version} fields (hostile nodes get some too, to damage) and candidate address, the Tor/I2P/CJDNS
 * addresses, who announces whom, and each node's timings and messages after getaddr ({@link NodeScript}).
 *
 * <p>Announcements refer to a population of indices: {@code 0..nodes-1} are nodes, {@code nodes..} are the non-IP
 * addresses. Node 0 is the seed. Each part of the plan draws from its own split of the seed, so changing one
 * fraction does not reshuffle everything else. Not thread-safe while built; read-only afterwards.
 */
final class NetworkPlan {

    /** The classic hostile kinds {@code hostileFraction} covers, in the order nodes are given them. */
    private static final BitcoinNodeKind[] HOSTILE = {
        BitcoinNodeKind.HOSTILE_BAD_CHECKSUM, BitcoinNodeKind.HOSTILE_OVERSIZED_LENGTH,
        BitcoinNodeKind.HOSTILE_ADDR_COUNT, BitcoinNodeKind.HOSTILE_TRUNCATED, BitcoinNodeKind.HOSTILE_BAD_MAGIC,
    };
    /** The hostile kinds {@code hostileAfterHandshakeFraction} covers, in the order nodes are given them. */
    private static final BitcoinNodeKind[] HOSTILE_AFTER_HANDSHAKE = {
        BitcoinNodeKind.HOSTILE_AFTER_HANDSHAKE_OVERSIZED, BitcoinNodeKind.HOSTILE_AFTER_HANDSHAKE_TRUNCATED,
        BitcoinNodeKind.HOSTILE_AFTER_HANDSHAKE_MALFORMED,
    };

    final NetworkSettings settings;
    final BitcoinNodeKind[] kinds;
    final AnnouncedVersion[] versions;
    final byte[][] addresses;
    final Endpoint[] nonIp;
    final int[][] announces;
    final NodeScript[] scripts;
    final LoopbackAddresses addressSource;

    private NetworkPlan(NetworkSettings settings) {
        this.settings = settings;
        SplittableRandom root = new SplittableRandom(settings.seed());
        SplittableRandom kindRandom = root.split();
        SplittableRandom versionRandom = root.split();
        SplittableRandom addressRandom = root.split();
        SplittableRandom nonIpRandom = root.split();
        SplittableRandom graphRandom = root.split();
        SplittableRandom scriptRandom = root.split(); // split last: the splits before it stay as they were
        int n = settings.nodes();
        this.kinds = assignKinds(settings, kindRandom);
        this.versions = new AnnouncedVersion[n];
        int tip = VersionProfiles.tipHeight(versionRandom);
        int odd = 0;
        for (int i = 0; i < n; i++) {
            versions[i] = switch (kinds[i]) {
                case REACHABLE, SLOW, NEVER_ANSWERS_GETADDR, SPLIT_ANSWER, GOSSIP_FIRST, LATE_VERSION,
                        BAD_CHECKSUM_AFTER_HANDSHAKE, HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH, HOSTILE_ADDR_COUNT,
                        HOSTILE_TRUNCATED, HOSTILE_BAD_MAGIC, HOSTILE_AFTER_HANDSHAKE_OVERSIZED,
                        HOSTILE_AFTER_HANDSHAKE_TRUNCATED, HOSTILE_AFTER_HANDSHAKE_MALFORMED ->
                        VersionProfiles.modern(versionRandom, tip);
                case TRICKLE -> VersionProfiles.beforeV22(versionRandom, tip);
                case OLD -> VersionProfiles.old(versionRandom, tip);
                case ODD_AGENT -> VersionProfiles.odd(versionRandom, tip, odd++);
                case TARPIT, BLACK_HOLE, DEAD -> null;
            };
        }
        this.addressSource = new LoopbackAddresses(addressRandom, n);
        this.addresses = new byte[n][];
        for (int i = 0; i < n; i++) {
            addresses[i] = addressSource.next();
        }
        this.nonIp = nonIpAddresses(settings, nonIpRandom);
        this.announces = new AnnouncementGraph(kinds, nonIp.length, settings.addrAnswerSize(), graphRandom).build();
        this.scripts = NodeScript.draw(kinds, announces, settings.timings(), scriptRandom);
    }

    /** Draws the plan of {@code settings}. */
    static NetworkPlan of(NetworkSettings settings) {
        return new NetworkPlan(settings);
    }

    private static BitcoinNodeKind[] assignKinds(NetworkSettings settings, SplittableRandom random) {
        int n = settings.nodes();
        List<BitcoinNodeKind> others = new ArrayList<>(n);
        for (BitcoinNodeKind kind : BitcoinNodeKind.values()) {
            if (kind != BitcoinNodeKind.REACHABLE && !kind.isHostile()) {
                addCopies(others, kind, (int) Math.round(settings.fraction(kind) * n));
            }
        }
        spread(others, HOSTILE, (int) Math.round(settings.hostileFraction() * n));
        spread(others, HOSTILE_AFTER_HANDSHAKE, (int) Math.round(settings.hostileAfterHandshakeFraction() * n));
        if (others.size() > n - 1) {
            throw new IllegalArgumentException("the fractions give " + others.size() + " special nodes out of " + n
                    + ", leaving none for the seed (a reachable node)");
        }
        BitcoinNodeKind[] kinds = new BitcoinNodeKind[n];
        Arrays.fill(kinds, BitcoinNodeKind.REACHABLE);
        // Place the special kinds on random indices 1..n-1 (node 0 is the seed): a partial Fisher-Yates shuffle.
        int[] slots = new int[n - 1];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = i + 1;
        }
        for (int i = 0; i < others.size(); i++) {
            int j = i + random.nextInt(slots.length - i);
            int t = slots[i];
            slots[i] = slots[j];
            slots[j] = t;
            kinds[slots[i]] = others.get(i);
        }
        return kinds;
    }

    /** Adds {@code count} kinds, spread evenly over {@code group} (the first ones get one more). */
    private static void spread(List<BitcoinNodeKind> list, BitcoinNodeKind[] group, int count) {
        for (int i = 0; i < group.length; i++) {
            addCopies(list, group[i], count / group.length + (i < count % group.length ? 1 : 0));
        }
    }

    /** Whether {@code kind} is one of those {@code hostileAfterHandshakeFraction} covers. */
    static boolean isHostileAfterHandshakeGroup(BitcoinNodeKind kind) {
        return Arrays.asList(HOSTILE_AFTER_HANDSHAKE).contains(kind);
    }

    private static void addCopies(List<BitcoinNodeKind> list, BitcoinNodeKind kind, int count) {
        for (int i = 0; i < count; i++) {
            list.add(kind);
        }
    }

    private static Endpoint[] nonIpAddresses(NetworkSettings settings, SplittableRandom random) {
        int n = settings.nodes();
        int onions = (int) Math.round(settings.onionFraction() * n);
        int i2ps = (int) Math.round(settings.i2pFraction() * n);
        int cjdnses = (int) Math.round(settings.cjdnsFraction() * n);
        Endpoint[] out = new Endpoint[onions + i2ps + cjdnses];
        int k = 0;
        for (int i = 0; i < onions; i++) {
            out[k++] = new Endpoint(NetAddress.torV3(randomBytes(random, 32)), settings.defaultPort());
        }
        for (int i = 0; i < i2ps; i++) {
            out[k++] = new Endpoint(NetAddress.i2p(randomBytes(random, 32)), 0); // BIP155: I2P has no port
        }
        for (int i = 0; i < cjdnses; i++) {
            byte[] a = randomBytes(random, 16);
            a[0] = (byte) 0xfc;
            out[k++] = new Endpoint(NetAddress.cjdns(a), settings.defaultPort());
        }
        return out;
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }
}
