package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.CompactSize;
import io.peercensus.btc.internal.wire.WireReader;
import io.peercensus.btc.internal.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code addrv2} message (BIP155): up to 1000 addresses of any network, entries with unknown network IDs
 * included (kept, so the message writes back byte for byte).
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries the addresses, at most {@link AddrMessage#MAX_ENTRIES}
 */
public record AddrV2Message(List<AddrV2Entry> entries) implements BitcoinMessage {

    public AddrV2Message {
        entries = List.copyOf(entries);
        if (entries.size() > AddrMessage.MAX_ENTRIES) {
            throw new IllegalArgumentException("addrv2 count " + entries.size() + " exceeds " + AddrMessage.MAX_ENTRIES);
        }
    }

    /**
     * Decodes an {@code addrv2} payload. The count (at most 1000) and each address length (at most 512, and exactly
     * the length BIP155 fixes for a known network ID) are checked before anything is allocated for them.
     *
     * @throws BitcoinWireException e.g. {@code "addrv2: entry 0 IPv4 address must be 4 bytes, got 5"}
     */
    public static AddrV2Message read(ByteBuffer payload) throws BitcoinWireException {
        List<AddrV2Entry> entries = new ArrayList<>();
        scan(payload, (time, services, networkId, buffer, offset, length, port) -> {
            byte[] address = new byte[length];
            buffer.get(offset, address);
            entries.add(new AddrV2Entry(time, services, new NetworkId(networkId), address, port));
        });
        return new AddrV2Message(entries);
    }

    /**
     * Decodes an {@code addrv2} payload as {@link #read} does, with the same checks, handing each entry to {@code
     * consumer} instead of making records.
     *
     * @return the number of entries
     * @throws BitcoinWireException as {@link #read}; entries before the bad one have been handed over
     */
    public static int scan(ByteBuffer payload, AddrEntryConsumer consumer) throws BitcoinWireException {
        WireReader r = new WireReader(payload, MessageCommand.ADDRV2.wireName);
        int count = r.length("count", AddrMessage.MAX_ENTRIES);
        consumer.count(count);
        for (int i = 0; i < count; i++) {
            r.entry(i);
            AddrV2Entry.scan(r, consumer);
        }
        r.end();
        return count;
    }

    @Override
    public String command() {
        return MessageCommand.ADDRV2.wireName;
    }

    @Override
    public int encodedSize() {
        int size = CompactSize.size(entries.size());
        for (AddrV2Entry e : entries) {
            size += e.encodedSize();
        }
        return size;
    }

    @Override
    public void write(ByteBuffer out) {
        WireWriter w = new WireWriter(out).compactSize(entries.size());
        for (AddrV2Entry e : entries) {
            e.write(w);
        }
    }
}
