package io.peercensus.btc.internal.crawl;

import io.peercensus.address.Endpoint;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every address a crawl has heard, keyed by its wire form (network ID, address bytes, port), each
 * with its canonical peer ID and a serial number. Peers name the same few thousand addresses millions
 * of times in a crawl: with the book each is turned into text once, every later mention costs one
 * hash lookup, and all mentions share one {@code String}. The first mention in a crawl is the one
 * that makes the address a crawl target.
 *
 * <p>Thread-safe: shared by all conversations of one crawl.
 */
public final class AddressBook {
    /** {@code networkId} of v1 {@code addr} entries, whose 16 bytes are IPv6 or IPv4-mapped. */
    static final int V1 = 0;

    /** One address: its canonical ID, its serial number in the book, and how to dial it. */
    static final class Entry {
        final String id;
        final int serial;
        final Endpoint endpoint;

        Entry(String id, int serial, Endpoint endpoint) {
            this.id = id;
            this.serial = serial;
            this.endpoint = endpoint;
        }
    }

    /** What {@link #lookUp} found: the entry, and whether this call added it. */
    record Mention(Entry entry, boolean first) {
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger serials = new AtomicInteger();

    /**
     * The entry of an address, adding it the first time.
     *
     * @param networkId the BIP155 network ID, or {@link #V1}
     * @param address the address bytes as sent (kept: the caller must not change them)
     * @param endpoint makes the endpoint when the address is new; may throw for invalid addresses
     */
    Mention lookUp(int networkId, byte[] address, int port, Supplier<Endpoint> endpoint) {
        Key key = new Key(networkId, address, port);
        Entry known = entries.get(key);
        if (known != null) {
            return new Mention(known, false);
        }
        Endpoint e = endpoint.get();
        Entry made = new Entry(e.canonical(), serials.getAndIncrement(), e);
        Entry raced = entries.putIfAbsent(key, made);
        return raced == null ? new Mention(made, true) : new Mention(raced, false);
    }

    /** How many distinct addresses were heard. */
    public int size() {
        return entries.size();
    }

    private static final class Key {
        private final int networkId;
        private final byte[] address;
        private final int port;
        private final int hash;

        Key(int networkId, byte[] address, int port) {
            this.networkId = networkId;
            this.address = address;
            this.port = port;
            this.hash = (Arrays.hashCode(address) * 31 + port) * 31 + networkId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.port == port && k.networkId == networkId
                    && Arrays.equals(k.address, address);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
