package io.peercensus.testkit.internal.dht;

import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.testkit.DhtNodeKind;
import io.peercensus.testkit.internal.net.LoopbackAddresses;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The layout of a simulated DHT network, drawn from its settings and seed alone (no sockets): each node's kind,
 * identity key, peer and Kademlia IDs, software, candidate address, and routing table. Node 0 is the bootstrap
 * node: dialable and never slow.
 *
 * <p>Each part draws from its own split of the seed, so changing one fraction does not reshuffle everything else.
 * Identity keys come from a SHA1PRNG seeded with the network seed and the node's index, so they are the same on
 * every run and can be made in parallel. Not thread-safe while built; read-only afterwards.
 */
final class DhtPlan {

    private static final DhtNodeKind[] HOSTILE = {
        DhtNodeKind.HOSTILE_WRONG_IDENTITY, DhtNodeKind.HOSTILE_GARBAGE, DhtNodeKind.HOSTILE_OVERSIZED_FRAME,
    };
    private static final byte IDENTITY = 1;
    private static final byte PRESENTED = 2;

    final DhtSettings settings;
    final DhtNodeKind[] kinds;
    final KeyType[] keyTypes;
    /** The keys behind the peer IDs the tables give. */
    final PrivateKey[] keys;
    /** The keys the nodes prove in the Noise handshake: {@link #keys} but for wrong-identity nodes. */
    final PrivateKey[] presented;
    final PeerId[] peerIds;
    final byte[][] kadIds;
    final AgentProfiles.Profile[] profiles;
    final byte[][] addresses;
    final LoopbackAddresses addressSource;
    final RoutingTables tables;

    private DhtPlan(DhtSettings settings) {
        this.settings = settings;
        int n = settings.nodes();
        SplittableRandom root = new SplittableRandom(settings.seed());
        SplittableRandom kindRandom = root.split();
        SplittableRandom keyTypeRandom = root.split();
        SplittableRandom profileRandom = root.split();
        SplittableRandom addressRandom = root.split();
        SplittableRandom tableRandom = root.split();
        this.kinds = assignKinds(settings, kindRandom);
        this.keyTypes = assignKeyTypes(settings, keyTypeRandom);
        this.keys = new PrivateKey[n];
        this.presented = new PrivateKey[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            keys[i] = PrivateKey.generate(keyTypes[i], seeded(settings.seed(), i, IDENTITY));
            presented[i] = kinds[i] == DhtNodeKind.HOSTILE_WRONG_IDENTITY
                    ? PrivateKey.generate(keyTypes[i], seeded(settings.seed(), i, PRESENTED)) : keys[i];
        });
        this.peerIds = new PeerId[n];
        this.kadIds = new byte[n][];
        for (int i = 0; i < n; i++) {
            peerIds[i] = PeerId.fromPublicKey(keys[i].publicKey());
            kadIds[i] = KadSpace.kadId(peerIds[i].toBytes());
        }
        this.profiles = new AgentProfiles.Profile[n];
        for (int i = 0; i < n; i++) {
            profiles[i] = AgentProfiles.draw(profileRandom, settings.protocolId());
        }
        this.addressSource = new LoopbackAddresses(addressRandom, n);
        this.addresses = new byte[n][];
        for (int i = 0; i < n; i++) {
            addresses[i] = addressSource.next();
        }
        boolean[] dialable = new boolean[n];
        for (int i = 0; i < n; i++) {
            dialable[i] = kinds[i].isDialable();
        }
        this.tables = new RoutingTables(kadIds, dialable, tableRandom);
    }

    /** Draws the plan of {@code settings} (the identity keys take most of the time: about 0.25 s of CPU per RSA key, 0.1 ms per Ed25519 key). */
    static DhtPlan of(DhtSettings settings) {
        return new DhtPlan(settings);
    }

    /** A SHA1PRNG seeded, before its first use, with the network seed, the node index and a purpose byte. */
    private static SecureRandom seeded(long seed, int index, byte purpose) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(ByteBuffer.allocate(13).putLong(seed).putInt(index).put(purpose).array());
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1PRNG is part of every OpenJDK", e);
        }
    }

    private static DhtNodeKind[] assignKinds(DhtSettings settings, SplittableRandom random) {
        int n = settings.nodes();
        List<DhtNodeKind> others = new ArrayList<>();
        addCopies(others, DhtNodeKind.UNDIALABLE_BLACK_HOLE, count(settings.undialableFraction(), n));
        addCopies(others, DhtNodeKind.DEAD, count(settings.deadFraction(), n));
        addCopies(others, DhtNodeKind.SLOW, count(settings.slowFraction(), n));
        int hostile = count(settings.hostileFraction(), n);
        for (int i = 0; i < HOSTILE.length; i++) {
            addCopies(others, HOSTILE[i], hostile / HOSTILE.length + (i < hostile % HOSTILE.length ? 1 : 0));
        }
        if (others.size() > n - 1) {
            throw new IllegalArgumentException("the fractions give " + others.size() + " special nodes out of " + n
                    + ", leaving none for the bootstrap node (a dialable node)");
        }
        DhtNodeKind[] kinds = new DhtNodeKind[n];
        Arrays.fill(kinds, DhtNodeKind.DIALABLE);
        place(kinds, others, random);
        return kinds;
    }

    private static KeyType[] assignKeyTypes(DhtSettings settings, SplittableRandom random) {
        int n = settings.nodes();
        List<KeyType> others = new ArrayList<>();
        addCopies(others, KeyType.SECP256K1, count(settings.secp256k1Fraction(), n));
        addCopies(others, KeyType.RSA, count(settings.rsaFraction(), n));
        KeyType[] types = new KeyType[n];
        Arrays.fill(types, KeyType.ED25519);
        if (others.size() > n - 1) { // only when the fractions add up to 1: node 0 keeps the rest
            others = others.subList(0, n - 1);
        }
        place(types, others, random);
        return types;
    }

    /** Puts {@code others} on random indices 1..n-1 (node 0 keeps its default): a partial Fisher-Yates shuffle. */
    private static <T> void place(T[] out, List<T> others, SplittableRandom random) {
        int[] slots = new int[out.length - 1];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = i + 1;
        }
        for (int i = 0; i < others.size(); i++) {
            int j = i + random.nextInt(slots.length - i);
            int t = slots[i];
            slots[i] = slots[j];
            slots[j] = t;
            out[slots[i]] = others.get(i);
        }
    }

    private static int count(double fraction, int n) {
        return (int) Math.round(fraction * n);
    }

    private static <T> void addCopies(List<T> list, T value, int count) {
        for (int i = 0; i < count; i++) {
            list.add(value);
        }
    }
}
