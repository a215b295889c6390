package io.peercensus.btc.internal.crawl;

import io.peercensus.address.AddressFormatException;
import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.btc.wire.AddrEntry;
import io.peercensus.btc.wire.AddrV2Entry;
import io.peercensus.crawl.ProbeTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The addresses one peer advertised in its {@code addr} and {@code addrv2} answers: deduplicated by
 * canonical address, in the order first heard, without the peer's own address. Addresses new to the
 * crawl's {@link AddressBook} become targets; the others are kept as peer IDs only, for the edges,
 * which spares building targets for the great majority of what a peer names.
 * Entries of unknown BIP155 networks, and entries whose bytes are not a valid address of their
 * network, are skipped, as BIP155 asks.
 *
 * <p>Not thread-safe: one conversation fills it.
 */
public final class AdvertisedAddresses {
    private final String self;
    private final int selfHash;
    private final AddressBook book;
    private final SerialSet named = new SerialSet(1024);
    private final List<ProbeTarget> targets = new ArrayList<>();
    private final List<String> knownNames = new ArrayList<>();
    private int entries;
    private int skipped;

    /**
     * Collects what {@code self} (a canonical address) advertises.
     *
     * @param book the addresses the crawl has heard
     */
    public AdvertisedAddresses(String self, AddressBook book) {
        this.self = self;
        this.selfHash = self.hashCode();
        this.book = book;
    }

    /** Adds a v1 {@code addr} answer; true when it held anything besides the peer's own address. */
    public boolean addV1(List<AddrEntry> answer) {
        boolean other = false;
        for (AddrEntry e : answer) {
            entries++;
            byte[] ip = e.address().ip();
            int port = e.address().port();
            other |= add(AddressBook.V1, ip, port, () -> new Endpoint(NetAddress.ipv6(ip), port));
        }
        return other;
    }

    /** Adds a BIP155 {@code addrv2} answer; true when it held anything besides the peer's own address. */
    public boolean addV2(List<AddrV2Entry> answer) {
        boolean other = false;
        for (AddrV2Entry e : answer) {
            entries++;
            Optional<AddressType> type = AddressType.fromBip155NetworkId(e.networkId().id());
            if (type.isEmpty()) {
                skipped++;
                continue;
            }
            byte[] address = e.address();
            int port = e.port();
            try {
                other |= add(e.networkId().id(), address, port,
                        () -> new Endpoint(NetAddress.of(type.get(), address), port));
            } catch (AddressFormatException invalid) {
                skipped++;
            }
        }
        return other;
    }

    private boolean add(int networkId, byte[] address, int port, Supplier<Endpoint> endpoint) {
        AddressBook.Mention mention = book.lookUp(networkId, address, port, endpoint);
        AddressBook.Entry entry = mention.entry();
        if (entry.id.hashCode() == selfHash && entry.id.equals(self)) { // the book's IDs cache their hash
            return false;
        }
        if (named.add(entry.serial)) {
            if (mention.first()) {
                Endpoint e = entry.endpoint;
                targets.add(new ProbeTarget(entry.id, List.of(e.multiaddr()), List.of(e), self));
            } else {
                knownNames.add(entry.id);
            }
        }
        return true;
    }

    /** The addresses advertised that the crawl had not heard of, as targets whose source is the peer. */
    public List<ProbeTarget> targets() {
        return targets;
    }

    /** The addresses advertised that the crawl already knew, as peer IDs. */
    public List<String> knownNames() {
        return knownNames;
    }

    /** How many distinct addresses the peer advertised, its own left out. */
    public int distinct() {
        return named.size();
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
