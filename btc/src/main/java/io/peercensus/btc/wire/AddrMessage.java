package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.CompactSize;
import io.peercensus.btc.internal.wire.WireReader;
import io.peercensus.btc.internal.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code addr} message: up to 1000 addresses in the 16-byte (pre-BIP155) form.
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries the addresses, at most {@link #MAX_ENTRIES}
 */
public record AddrMessage(List<AddrEntry> entries) implements BitcoinMessage {

    /** The most entries one message may carry (Bitcoin Core's {@code MAX_ADDR_TO_SEND}). */
    public static final int MAX_ENTRIES = 1000;

    public AddrMessage {
        entries = List.copyOf(entries);
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("addr count " + entries.size() + " exceeds " + MAX_ENTRIES);
        }
    }

    /**
     * Decodes an {@code addr} payload. The count is checked against {@link #MAX_ENTRIES} before any list is made.
     *
     * @throws BitcoinWireException as {@code "addr: count 1001 exceeds 1000"}, on short input or trailing bytes
     */
    public static AddrMessage read(ByteBuffer payload) throws BitcoinWireException {
        List<AddrEntry> entries = new ArrayList<>();
        scan(payload, (time, services, networkId, buffer, offset, length, port) -> {
            byte[] ip = new byte[length];
            buffer.get(offset, ip);
            entries.add(new AddrEntry(time, new NetAddr(services, ip, port)));
        });
        return new AddrMessage(entries);
    }

    /**
     * Decodes an {@code addr} payload as {@link #read} does, with the same checks, handing each entry to {@code
     * consumer} (network ID {@link AddrEntryConsumer#V1}, 16 address bytes) instead of making records.
     *
     * @return the number of entries
     * @throws BitcoinWireException as {@link #read}; entries before the bad one have been handed over
     */
    public static int scan(ByteBuffer payload, AddrEntryConsumer consumer) throws BitcoinWireException {
        WireReader r = new WireReader(payload, MessageCommand.ADDR.wireName);
        int count = r.length("count", MAX_ENTRIES);
        consumer.count(count);
        for (int i = 0; i < count; i++) {
            r.entry(i);
            long time = r.u32le("time");
            long services = r.i64le("address services");
            int offset = r.skip(16, "address address");
            int port = r.u16be("address port");
            consumer.entry(time, services, AddrEntryConsumer.V1, r.buffer(), offset, 16, port);
        }
        r.end();
        return count;
    }

    @Override
    public String command() {
        return MessageCommand.ADDR.wireName;
    }

    @Override
    public int encodedSize() {
        return CompactSize.size(entries.size()) + entries.size() * AddrEntry.SIZE;
    }

    @Override
    public void write(ByteBuffer out) {
        WireWriter w = new WireWriter(out).compactSize(entries.size());
        for (AddrEntry e : entries) {
            e.write(w);
        }
    }
}
