package io.peercensus.dht.internal.crawl;

import io.peercensus.CrawlException;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.MultiaddrProtocol;
import io.peercensus.dht.multiformats.PeerId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Turns bootstrap multiaddrs into crawl seeds, one per peer ID. Each must end in {@code /p2p/<peer ID>}, except
 * {@code /dnsaddr/<host>}, which names its peers itself. {@code /dnsaddr/<host>} is resolved through the TXT
 * records of {@code _dnsaddr.<host>} ({@code dnsaddr=<multiaddr>}), recursively up to {@value #MAX_DEPTH} levels,
 * keeping the entries whose peer ID matches the one asked for; {@code /dns}, {@code /dns4} and {@code /dns6}
 * hosts through A and AAAA records. DNS goes to the configured server, or the system's when none is.
 *
 * <p>Not thread-safe: one resolution per instance, on the crawl's thread.
 */
public final class Bootstrap {
    /** How deep {@code /dnsaddr} indirection is followed. */
    static final int MAX_DEPTH = 4;

    private final Resolver resolver;
    private final Map<String, List<Multiaddr>> byPeer = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** A resolution asking {@code server} (or the system's resolvers when {@code null}), each query within {@code timeout}. */
    public Bootstrap(InetSocketAddress server, Duration timeout) {
        this.resolver = server == null ? new ExtendedResolver() : new SimpleResolver(server);
        this.resolver.setTimeout(timeout);
    }

    /**
     * Parses {@code texts} as bootstrap multiaddrs, without any lookup.
     *
     * @throws IllegalArgumentException naming the first one that is not a multiaddr, or lacks {@code /p2p/<id>}
     */
    public static List<Multiaddr> parse(List<String> texts) {
        List<Multiaddr> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            Multiaddr addr;
            try {
                addr = Multiaddr.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bootstrap peer '" + text + "' is not a multiaddr: " + e.getMessage(), e);
            }
            boolean dnsaddr = addr.components().get(0).code() == MultiaddrProtocol.DNSADDR.code();
            if (!dnsaddr && addr.peerId().isEmpty()) {
                throw new IllegalArgumentException("bootstrap peer '" + text + "' lacks /p2p/<peer ID>");
            }
            out.add(addr);
        }
        return out;
    }

    /**
     * The seeds of {@code addrs}, one per peer ID, in first-seen order.
     *
     * @throws CrawlException when none resolves to a dialable peer, with the reasons
     */
    public List<ProbeTarget> resolve(List<Multiaddr> addrs) {
        for (Multiaddr addr : addrs) {
            add(addr, 0);
        }
        List<ProbeTarget> seeds = new ArrayList<>();
        byPeer.forEach((id, list) -> seeds.add(new ProbeTarget(id, PeerAddresses.texts(list), PeerAddresses.tcpEndpoints(list), null)));
        if (seeds.stream().allMatch(s -> s.endpoints().isEmpty())) {
            throw new CrawlException("no usable bootstrap peer" + (problems.isEmpty() ? " (no TCP addresses)" : ": " + String.join("; ", problems)));
        }
        return seeds;
    }

    private void add(Multiaddr addr, int depth) {
        Multiaddr.Component head = addr.components().get(0);
        Optional<PeerId> peer = addr.peerId();
        if (head.code() == MultiaddrProtocol.DNSADDR.code()) {
            if (depth >= MAX_DEPTH) {
                problems.add(addr + ": /dnsaddr nested deeper than " + MAX_DEPTH);
                return;
            }
            List<String> entries = txt("_dnsaddr." + head.valueText(), addr);
            for (String entry : entries) {
                if (!entry.startsWith("dnsaddr=")) {
                    continue;
                }
                Multiaddr inner;
                try {
                    inner = Multiaddr.parse(entry.substring("dnsaddr=".length()));
                } catch (IllegalArgumentException e) {
                    problems.add(addr + ": bad TXT entry '" + entry + "'");
                    continue;
                }
                Optional<PeerId> innerPeer = inner.peerId();
                boolean nested = inner.components().get(0).code() == MultiaddrProtocol.DNSADDR.code();
                if (peer.isPresent() && innerPeer.isPresent() && !innerPeer.equals(peer)) {
                    continue;
                }
                if (innerPeer.isEmpty() && !nested) {
                    continue;
                }
                add(inner, depth + 1);
            }
            return;
        }
        if (peer.isEmpty()) {
            problems.add(addr + ": no /p2p/<peer ID>");
            return;
        }
        String id = peer.get().toString();
        if (head.code() == MultiaddrProtocol.DNS.code() || head.code() == MultiaddrProtocol.DNS4.code()
                || head.code() == MultiaddrProtocol.DNS6.code()) {
            List<Multiaddr.Component> rest = addr.components().subList(1, addr.components().size());
            for (NetAddress ip : addresses(head)) {
                MultiaddrProtocol kind = ip.toInetAddress() instanceof java.net.Inet4Address ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6;
                List<Multiaddr.Component> components = new ArrayList<>();
                components.add(Multiaddr.Component.of(kind, ip.host()));
                components.addAll(rest);
                byPeer.computeIfAbsent(id, k -> new ArrayList<>()).add(Multiaddr.of(components));
            }
            return;
        }
        byPeer.computeIfAbsent(id, k -> new ArrayList<>()).add(addr);
    }

    private List<NetAddress> addresses(Multiaddr.Component host) {
        List<NetAddress> out = new ArrayList<>();
        boolean v4 = host.code() != MultiaddrProtocol.DNS6.code();
        boolean v6 = host.code() != MultiaddrProtocol.DNS4.code();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            if (type == Type.A && !v4 || type == Type.AAAA && !v6) {
                continue;
            }
            for (Record r : lookup(host.valueText(), type, host.toString())) {
                if (r instanceof ARecord a) {
                    out.add(NetAddress.of(a.getAddress()));
                } else if (r instanceof AAAARecord aaaa) {
                    out.add(NetAddress.of(aaaa.getAddress()));
                }
            }
        }
        return out;
    }

    private List<String> txt(String name, Multiaddr addr) {
        List<String> out = new ArrayList<>();
        for (Record r : lookup(name, Type.TXT, addr.toString())) {
            if (r instanceof TXTRecord t) {
                out.add(String.join("", t.getStrings()));
            }
        }
        return out;
    }

    private List<Record> lookup(String name, int type, String what) {
        try {
            Lookup lookup = new Lookup(Name.fromString(name, Name.root), type);
            lookup.setResolver(resolver);
            lookup.setCache(null);
            lookup.setSearchPath(List.of());
            Record[] records = lookup.run();
            if (records == null) {
                problems.add(what + ": " + Type.string(type) + " lookup of " + name + " failed: " + lookup.getErrorString());
                return List.of();
            }
            return List.of(records);
        } catch (TextParseException e) {
            problems.add(what + ": invalid DNS name " + name);
            return List.of();
        }
    }
}
