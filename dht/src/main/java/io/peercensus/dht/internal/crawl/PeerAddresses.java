package io.peercensus.dht.internal.crawl;

import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.MultiaddrProtocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a peer's multiaddrs into what a crawl target needs: the dialable TCP endpoints
 * ({@code /ip4/A/tcp/P} and {@code /ip6/A/tcp/P}, optionally ending in {@code /p2p/ID}), public addresses
 * first, each once; and the multiaddr texts to record.
 *
 * <p>Stateless and thread-safe.
 */
public final class PeerAddresses {
    private PeerAddresses() {
    }

    /** The TCP endpoints of {@code addrs}: public ones first, then the rest, in order, without repeats. */
    public static List<Endpoint> tcpEndpoints(List<Multiaddr> addrs) {
        Set<Endpoint> publicOnes = new LinkedHashSet<>();
        Set<Endpoint> others = new LinkedHashSet<>();
        for (Multiaddr addr : addrs) {
            Endpoint e = tcpEndpoint(addr);
            if (e != null) {
                (e.address().isPublic() ? publicOnes : others).add(e);
            }
        }
        List<Endpoint> out = new ArrayList<>(publicOnes);
        others.removeAll(publicOnes);
        out.addAll(others);
        return out;
    }

    /** The endpoint of a plain TCP multiaddr, or {@code null} for any other shape. */
    static Endpoint tcpEndpoint(Multiaddr addr) {
        List<Multiaddr.Component> c = addr.components();
        if (c.size() < 2 || c.size() > 3) {
            return null;
        }
        int ip = c.get(0).code();
        if (ip != MultiaddrProtocol.IP4.code() && ip != MultiaddrProtocol.IP6.code() || c.get(1).code() != MultiaddrProtocol.TCP.code()
                || c.size() == 3 && c.get(2).code() != MultiaddrProtocol.P2P.code()) {
            return null;
        }
        int port = addr.tcpPort().orElse(0);
        if (port == 0) {
            return null;
        }
        return new Endpoint(NetAddress.of(addr.ip().orElseThrow()), port);
    }

    /** The texts of {@code addrs}, each once, in order. */
    public static List<String> texts(List<Multiaddr> addrs) {
        Set<String> out = new LinkedHashSet<>();
        for (Multiaddr addr : addrs) {
            out.add(addr.toString());
        }
        return List.copyOf(out);
    }
}
