package io.peercensus.crawl;

import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A made-up network of peers {@code p0..pN-1} on distinct 127.x addresses, with a ring, skip links and seeded random neighbours. */
final class FakeNetwork {
    static final Network NETWORK = Network.of("fake");

    final int size;
    final List<List<Integer>> neighbours = new ArrayList<>();

    FakeNetwork(int size, int degree, long seed) {
        this.size = size;
        Random random = new Random(seed);
        for (int i = 0; i < size; i++) {
            java.util.LinkedHashSet<Integer> n = new java.util.LinkedHashSet<>();
            n.add((i + 1) % size); // a ring with skips, so every peer is reachable from p0
            n.add((i + 2) % size); // even when any single peer answers nothing
            for (int d = 2; d < degree; d++) {
                n.add(random.nextInt(size));
            }
            n.remove(i); // neighbours are distinct and never the peer itself (ProbeResult's contract)
            neighbours.add(new ArrayList<>(n));
        }
    }

    static String id(int i) {
        return "p" + i;
    }

    static int index(String id) {
        return Integer.parseInt(id.substring(1));
    }

    static Endpoint endpoint(int i) {
        return new Endpoint(NetAddress.ipv4(new byte[] {127, (byte) (i >> 16), (byte) (i >> 8), (byte) (i + 1)}), 8333);
    }

    static ProbeTarget target(int i, String source) {
        Endpoint e = endpoint(i);
        return new ProbeTarget(id(i), List.of(e.multiaddr()), List.of(e), source);
    }

    ProbeResult reachable(ProbeTarget target, ProbeContext context) {
        int i = index(target.peerID());
        List<ProbeTarget> next = new ArrayList<>();
        for (int n : neighbours.get(i)) {
            next.add(target(n, target.peerID()));
        }
        Peer peer = Peer.builder().network(context.network()).peerID(target.peerID()).addresses(target.addresses())
                .status(PeerStatus.REACHABLE).agentVersion("fake/1.0").latencyMs(1L).seenAt(context.now())
                .source(target.source()).neighbours(next.size()).build();
        return new ProbeResult(peer, next);
    }
}
