package io.peercensus.testkit.internal.dht;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The software a simulated DHT node runs, as identify reports it: an {@code agentVersion} and a sorted list of
 * protocols, in a mix like the public IPFS DHT's (mostly kubo, some old go-ipfs, helia, rust-libp2p and a few
 * others). The Kademlia protocol ID of the network replaces {@code /ipfs/kad/1.0.0} in every list.
 *
 * <p>Stateless and thread-safe.
 */
final class AgentProfiles {

    /** One announced profile. */
    record Profile(String agentVersion, List<String> protocols) {
    }

    private static final String KAD = "/ipfs/kad/1.0.0";
    private static final List<String> BITSWAP = List.of("/ipfs/bitswap", "/ipfs/bitswap/1.0.0", "/ipfs/bitswap/1.1.0",
            "/ipfs/bitswap/1.2.0");
    private static final List<String> CORE = List.of("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", KAD, "/ipfs/ping/1.0.0");
    private static final String[] KUBO = {"0.29.0", "0.29.0", "0.28.0", "0.27.0", "0.30.0", "0.26.0", "0.24.0", "0.22.0",
        "0.18.1"};
    private static final String[] GO_IPFS = {"0.12.2", "0.12.2", "0.13.0", "0.11.0", "0.10.0", "0.8.0"};
    private static final String[] HELIA = {"helia/4.2.4 libp2p/1.8.1 UserAgent=v20.15.1",
        "helia/4.1.0 libp2p/1.6.0 UserAgent=v22.3.0", "helia/2.1.0 libp2p/0.46.21 UserAgent=v18.19.0"};
    private static final String[] RUST = {"rust-libp2p/0.44.2", "rust-libp2p/0.43.0", "rust-libp2p/0.42.2"};
    private static final String[] OTHER = {"hydra-booster/0.7.4", "go-libp2p/0.33.2", "storm", "edgevpn/0.24.5"};

    private AgentProfiles() {
    }

    /** A profile drawn from {@code random}, with {@code kadProtocol} as the Kademlia protocol. */
    static Profile draw(SplittableRandom random, String kadProtocol) {
        int family = random.nextInt(100);
        List<String> protocols = new ArrayList<>(CORE);
        String agent;
        if (family < 62) {
            agent = "kubo/" + pick(random, KUBO) + "/" + commit(random);
            protocols.addAll(BITSWAP);
            protocols.addAll(List.of("/libp2p/autonat/1.0.0", "/libp2p/circuit/relay/0.2.0/stop", "/libp2p/dcutr", "/x/"));
            if (random.nextInt(3) == 0) {
                protocols.add("/libp2p/circuit/relay/0.2.0/hop");
            }
        } else if (family < 74) {
            agent = "go-ipfs/" + pick(random, GO_IPFS) + "/" + commit(random);
            protocols.addAll(BITSWAP);
            protocols.addAll(List.of("/libp2p/autonat/1.0.0", "/libp2p/circuit/relay/0.1.0", "/p2p/id/delta/1.0.0", "/x/"));
        } else if (family < 83) {
            agent = pick(random, HELIA);
            protocols.addAll(BITSWAP.subList(1, BITSWAP.size()));
            protocols.addAll(List.of("/libp2p/autonat/1.0.0", "/libp2p/circuit/relay/0.2.0/stop", "/libp2p/fetch/0.0.1"));
        } else if (family < 92) {
            agent = pick(random, RUST);
            protocols.addAll(List.of("/libp2p/circuit/relay/0.2.0/stop", "/meshsub/1.1.0", "/meshsub/1.0.0"));
        } else {
            agent = pick(random, OTHER);
        }
        protocols.replaceAll(p -> p.equals(KAD) ? kadProtocol : p);
        return new Profile(agent, List.copyOf(new TreeSet<>(protocols)));
    }

    /** Half of kubo and go-ipfs builds name their commit after the version, half leave it empty. */
    private static String commit(SplittableRandom random) {
        return random.nextBoolean() ? String.format("%07x", random.nextInt(1 << 28)) : "";
    }

    private static String pick(SplittableRandom random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
