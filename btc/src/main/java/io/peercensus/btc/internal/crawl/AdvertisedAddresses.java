package io.peercensus.btc.internal.crawl;

import io.peercensus.address.AddressFormatException;
import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.btc.wire.AddrEntry;
import io.peercensus.btc.wire.AddrV2Entry;
import io.peercensus.crawl.ProbeTarget;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses one peer advertised in its {@code addr} and {@code addrv2} answers, as crawl targets:
 * deduplicated by canonical address, in the order first heard, without the peer's own address.
 * Entries of unknown BIP155 networks, and entries whose bytes are not a valid address of their
 * network, are skipped, as BIP155 asks.
 *
 * <p>Not thread-safe: one conversation fills it.
 */
final class AdvertisedAddresses {
    private final String self;
    private final Map<String, ProbeTarget> targets = new LinkedHashMap<>();
    private int entries;
    private int skipped;

    /** Collects what {@code self} (a canonical address) advertises. */
    AdvertisedAddresses(String self) {
        this.self = self;
    }

    /** Adds a v1 {@code addr} answer; true when it held anything besides the peer's own address. */
    boolean addV1(List<AddrEntry> answer) {
        boolean other = false;
        for (AddrEntry e : answer) {
            entries++;
            other |= add(NetAddress.ipv6(e.address().ip()), e.address().port());
        }
        return other;
    }

    /** Adds a BIP155 {@code addrv2} answer; true when it held anything besides the peer's own address. */
    boolean addV2(List<AddrV2Entry> answer) {
        boolean other = false;
        for (AddrV2Entry e : answer) {
            entries++;
            Optional<AddressType> type = AddressType.fromBip155NetworkId(e.networkId().id());
            if (type.isEmpty()) {
                skipped++;
                continue;
            }
            NetAddress address;
            try {
                address = NetAddress.of(type.get(), e.address());
            } catch (AddressFormatException invalid) {
                skipped++;
                continue;
            }
            other |= add(address, e.port());
        }
        return other;
    }

    private boolean add(NetAddress address, int port) {
        Endpoint endpoint = new Endpoint(address, port);
        String id = endpoint.canonical();
        if (id.equals(self)) {
            return false;
        }
        targets.computeIfAbsent(id, k -> new ProbeTarget(k, List.of(endpoint.multiaddr()), List.of(endpoint), self));
        return true;
    }

    /** The distinct addresses advertised, as targets whose source is the peer. */
    Collection<ProbeTarget> targets() {
        return targets.values();
    }

    /** Entries received in all answers, the peer's own address and skipped ones included. */
    int entries() {
        return entries;
    }

    /** Entries skipped as unknown or invalid. */
    int skipped() {
        return skipped;
    }
}
