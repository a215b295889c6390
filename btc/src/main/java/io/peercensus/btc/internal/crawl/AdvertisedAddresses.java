package io.peercensus.btc.internal.crawl;

import io.peercensus.address.AddressFormatException;
import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.btc.wire.AddrEntryConsumer;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.BitcoinWireException;
import io.peercensus.crawl.ProbeTarget;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses one peer advertised in its {@code addr} and {@code addrv2} answers: deduplicated, in the order
 * first heard, without the peer's own address. Entries are taken straight from the payload ({@link
 * AddrEntryConsumer}) and looked up in the crawl's {@link AddressTable}: addresses new to the crawl become
 * targets; the others are kept as peer IDs only, for the edges, which spares building anything for the great
 * majority of what a peer names. Entries of unknown BIP155 networks, and entries whose bytes are not a valid
 * address of their network, are skipped, as BIP155 asks. A v1 entry holding an IPv4-mapped address counts as
 * the IPv4 address.
 *
 * <p>An answer is read whole before any of its addresses is looked up, all together: their lookups then overlap
 * (see {@link AddressTable#findAll}), and an answer found malformed part way adds nothing to the table.
 *
 * <p>Not thread-safe: one conversation fills it, on the loop that owns the table. Public for the benchmarks.
 */
public final class AdvertisedAddresses implements AddrEntryConsumer {
    /** The IPv4-mapped IPv6 prefix, ::ffff:0:0/96. */
    private static final byte[] IPV4_MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private static final int NAMES_NO_OTHER = -2;
    private static final int NAMES_ANOTHER = -1;

    /** What one {@code addr}/{@code addrv2} message held: its entry count, and whether it named any other peer. */
    public record Answer(int entries, boolean namesOthers) {
    }

    private final String self;
    private final int selfSerial;
    private final AddressTable table;
    /** The serials named so far, one bit each: a crawl holds tens of thousands of addresses, a few KB. */
    private long[] named = new long[0];
    private int distinct;
    private final List<ProbeTarget> targets = new ArrayList<>();
    /** The peer IDs of known addresses named, in order; exactly as long as there are. */
    private String[] knownNames = new String[0];
    private int entries;
    private int skipped;

    /**
     * Collects what the peer at {@code selfEndpoint}, whose canonical ID is {@code self}, advertises.
     *
     * @param table the addresses the crawl has heard; the peer's own address is added to it if new
     */
    public AdvertisedAddresses(String self, Endpoint selfEndpoint, AddressTable table) {
        this.self = self;
        this.table = table;
        this.selfSerial = serialOf(selfEndpoint, self, table);
    }

    /** Reads an {@code addr} payload. */
    public Answer scanV1(ByteBuffer payload) throws BitcoinWireException {
        int count = AddrMessage.scan(payload, this);
        return new Answer(count, sort(payload));
    }

    /** Reads an {@code addrv2} payload. */
    public Answer scanV2(ByteBuffer payload) throws BitcoinWireException {
        int count = AddrV2Message.scan(payload, this);
        return new Answer(count, sort(payload));
    }

    /**
     * Notes where an entry's address lies; {@link #sort} looks it up with the rest of the answer once the whole
     * payload has been read and found well formed (the payload stays as it is until then).
     */
    @Override
    public void entry(long time, long services, int networkId, ByteBuffer payload, int offset, int length, int port) {
        entries++;
        if (networkId == V1) {
            if (isIpv4Mapped(payload, offset)) {
                networkId = AddressType.IPV4.bip155NetworkId();
                offset += IPV4_MAPPED.length;
                length = 4;
            } else {
                networkId = AddressType.IPV6.bip155NetworkId(); // OnionCat is told apart when the endpoint is made
            }
        }
        table.batch().add(networkId, offset, length, port);
    }

    /**
     * Looks up the answer's addresses in the table and sorts them; true when any names another peer. The known
     * ones named for the first time are gathered first, so that {@link #knownNames} grows once, to its exact size.
     *
     * <p>Past the first answers of a crawl nearly every address is known, so that case is the loop's own few lines,
     * and everything else is in {@link #sortUnknown}: the JIT then compiles the common path alike whatever the
     * crawl was hearing when it compiled it.
     */
    private boolean sort(ByteBuffer payload) {
        AddressTable.Batch batch = table.batch();
        table.findAll(batch, payload);
        int[] serials = batch.serials;
        boolean others = false;
        int known = 0;
        for (int i = 0; i < batch.size; i++) {
            int serial = serials[i];
            int sorted;
            if (serial < 0) {
                sorted = sortUnknown(payload, batch, i);
            } else if (serial == selfSerial) {
                sorted = NAMES_NO_OTHER;
            } else {
                sorted = firstFromThisPeer(serial) ? serial : NAMES_ANOTHER;
            }
            others |= sorted != NAMES_NO_OTHER;
            if (sorted >= 0) {
                serials[known++] = sorted; // known <= i: the serial of entry i was read above
            }
        }
        if (known > 0) {
            int from = knownNames.length;
            knownNames = Arrays.copyOf(knownNames, from + known);
            for (int k = 0; k < known; k++) {
                knownNames[from + k] = table.id(serials[k]);
            }
        }
        return others;
    }

    /**
     * Sorts entry {@code i} of the batch, which the table did not know when the answer was looked up: new to the
     * crawl (added now), named earlier in this same answer, or skipped.
     *
     * @return {@link #NAMES_NO_OTHER} (skipped, or the peer itself), {@link #NAMES_ANOTHER} (new to the crawl, or
     *     named before by this peer), or the serial of a known address this peer names for the first time
     */
    private int sortUnknown(ByteBuffer payload, AddressTable.Batch batch, int i) {
        int networkId = batch.networkIds[i];
        int offset = batch.offsets[i];
        int length = batch.lengths[i];
        int port = batch.ports[i];
        int serial = table.find(networkId, payload, offset, length, port); // named twice in this answer?
        Endpoint fresh = null;
        if (serial < 0) {
            fresh = endpoint(networkId, payload, offset, length, port);
            if (fresh == null) {
                skipped++;
                return NAMES_NO_OTHER;
            }
            serial = table.add(networkId, payload, offset, length, port, fresh.canonical());
        }
        if (serial == selfSerial) {
            return NAMES_NO_OTHER;
        }
        if (!firstFromThisPeer(serial)) {
            return NAMES_ANOTHER;
        }
        if (fresh != null) {
            targets.add(new ProbeTarget(table.id(serial), List.of(fresh.multiaddr()), List.of(fresh), self));
            return NAMES_ANOTHER;
        }
        return serial;
    }

    /** The addresses advertised that the crawl had not heard of, as targets whose source is the peer. */
    public List<ProbeTarget> targets() {
        return targets;
    }

    /**
     * Every address advertised, as peer IDs: those new to the crawl (the {@link #targets()}) and those it knew.
     * An immutable list, made on each call.
     */
    public List<String> names() {
        if (targets.isEmpty()) {
            return List.of(knownNames); // past the first answers of a crawl, the usual case: one copy, not two
        }
        String[] all = new String[targets.size() + knownNames.length];
        for (int i = 0; i < targets.size(); i++) {
            all[i] = targets.get(i).peerID();
        }
        System.arraycopy(knownNames, 0, all, targets.size(), knownNames.length);
        return List.of(all);
    }

    /** The addresses advertised that the crawl already knew, as peer IDs: an immutable list, made on each call. */
    List<String> knownNames() {
        return List.of(knownNames);
    }

    @Override
    public void count(int entries) {
        table.batch().reset(entries);
    }

    /** How many distinct addresses the peer advertised, its own left out. */
    public int distinct() {
        return distinct;
    }

    /** Entries received in all answers, the peer's own address and skipped ones included. */
    int entries() {
        return entries;
    }

    /** Entries skipped as unknown or invalid. */
    int skipped() {
        return skipped;
    }

    /** Marks {@code serial} as named by this peer; true the first time. */
    private boolean firstFromThisPeer(int serial) {
        int word = serial >>> 6;
        if (word >= named.length) {
            growNamed(word);
        }
        long bit = 1L << serial;
        if ((named[word] & bit) != 0) {
            return false;
        }
        named[word] |= bit;
        distinct++;
        return true;
    }

    /** Makes room in {@link #named} for {@code word}, and for the addresses the table may still gain. */
    private void growNamed(int word) {
        named = Arrays.copyOf(named, Math.max(word + 1, table.size() + 1024 >>> 6));
    }

    /** The endpoint of an entry, or null when its network is unknown or its bytes are invalid for it. */
    private static Endpoint endpoint(int networkId, ByteBuffer payload, int offset, int length, int port) {
        Optional<AddressType> type = AddressType.fromBip155NetworkId(networkId);
        if (type.isEmpty()) {
            return null;
        }
        byte[] address = new byte[length];
        payload.get(offset, address);
        try {
            return new Endpoint(NetAddress.of(type.get(), address), port);
        } catch (AddressFormatException invalid) {
            return null;
        }
    }

    private static boolean isIpv4Mapped(ByteBuffer payload, int offset) {
        for (int i = 0; i < IPV4_MAPPED.length; i++) {
            if (payload.get(offset + i) != IPV4_MAPPED[i]) {
                return false;
            }
        }
        return true;
    }

    private static int serialOf(Endpoint endpoint, String id, AddressTable table) {
        int networkId = endpoint.address().type().bip155NetworkId();
        ByteBuffer key = ByteBuffer.wrap(endpoint.address().bytes());
        int serial = table.find(networkId, key, 0, key.capacity(), endpoint.port());
        return serial >= 0 ? serial : table.add(networkId, key, 0, key.capacity(), endpoint.port(), id);
    }
}
