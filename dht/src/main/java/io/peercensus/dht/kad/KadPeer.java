package io.peercensus.dht.kad;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.protobuf.ProtoReader;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Kademlia {@code Message.Peer} protobuf: {@code id = 1} (binary peer ID), {@code addrs = 2} (binary
 * multiaddrs), {@code connection = 3}. Values are kept as sent; {@link #peerId()} and {@link #multiaddrs()}
 * decode them. Unknown fields are skipped.
 *
 * <p>Immutable and thread-safe (arrays are copied in and out).
 *
 * @param id the binary peer ID, as sent
 * @param addrs the binary multiaddrs, as sent
 * @param connection what the sender knows of its connection to the peer
 */
public record KadPeer(byte[] id, List<byte[]> addrs, ConnectionType connection) {
    /** How many addresses one peer may carry. */
    public static final int MAX_ADDRS = 64;
    /** The longest peer ID accepted, in bytes. */
    public static final int MAX_ID_LENGTH = 256;
    /** The longest address accepted, in bytes. */
    public static final int MAX_ADDR_LENGTH = Multiaddr.MAX_BYTES;

    private static final int BYTES = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    /**
     * The {@code ConnectionType} enum, open: unknown numbers are kept.
     *
     * <p>Immutable and thread-safe.
     *
     * @param number the wire number
     */
    public record ConnectionType(int number) {
        /** The sender has no connection to the peer (the default). */
        public static final ConnectionType NOT_CONNECTED = new ConnectionType(0);
        /** The sender has a live connection to the peer. */
        public static final ConnectionType CONNECTED = new ConnectionType(1);
        /** The sender recently connected to the peer. */
        public static final ConnectionType CAN_CONNECT = new ConnectionType(2);
        /** The sender recently failed to connect to the peer. */
        public static final ConnectionType CANNOT_CONNECT = new ConnectionType(3);

        @Override
        public String toString() {
            return switch (number) {
                case 0 -> "NOT_CONNECTED";
                case 1 -> "CONNECTED";
                case 2 -> "CAN_CONNECT";
                case 3 -> "CANNOT_CONNECT";
                default -> "ConnectionType(" + number + ")";
            };
        }
    }

    public KadPeer {
        id = id.clone();
        addrs = addrs.stream().map(byte[]::clone).toList();
        Objects.requireNonNull(connection, "connection");
    }

    /** A peer entry from a decoded peer ID and multiaddrs. */
    public static KadPeer of(PeerId id, List<Multiaddr> addrs, ConnectionType connection) {
        return new KadPeer(id.toBytes(), addrs.stream().map(Multiaddr::toBytes).toList(), connection);
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    @Override
    public List<byte[]> addrs() {
        return addrs.stream().map(byte[]::clone).toList();
    }

    /**
     * The peer ID.
     *
     * @throws io.peercensus.dht.multiformats.MultiformatException when {@link #id()} is not a peer ID
     */
    public PeerId peerId() {
        return PeerId.fromBytes(id);
    }

    /** The addresses that decode as multiaddrs, in order; malformed ones are left out. */
    public List<Multiaddr> multiaddrs() {
        List<Multiaddr> out = new ArrayList<>(addrs.size());
        for (byte[] addr : addrs) {
            try {
                out.add(Multiaddr.read(addr));
            } catch (IllegalArgumentException e) {
                // an address we cannot decode; the others still count
            }
        }
        return out;
    }

    static KadPeer read(ProtoReader in, String field) throws ProbeException {
        byte[] id = new byte[0];
        List<byte[]> addrs = new ArrayList<>();
        int connection = 0;
        while (!in.atEnd()) {
            int tag = in.tag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> {
                    in.expect(tag, BYTES, field + " id");
                    id = in.bytes(MAX_ID_LENGTH, field + " id");
                }
                case 2 -> {
                    in.expect(tag, BYTES, field + " addrs");
                    if (addrs.size() == MAX_ADDRS) {
                        throw in.fail(field + " has more than " + MAX_ADDRS + " addrs");
                    }
                    addrs.add(in.bytes(MAX_ADDR_LENGTH, field + " addrs entry"));
                }
                case 3 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, field + " connection");
                    connection = in.int32(field + " connection");
                }
                default -> in.skip(tag);
            }
        }
        return new KadPeer(id, addrs, new ConnectionType(connection));
    }

    int encodedSize() {
        int size = id.length == 0 ? 0 : CodedOutputStream.computeByteArraySize(1, id);
        for (byte[] addr : addrs) {
            size += CodedOutputStream.computeByteArraySize(2, addr);
        }
        return size + (connection.number() == 0 ? 0 : CodedOutputStream.computeEnumSize(3, connection.number()));
    }

    void write(CodedOutputStream out) throws IOException {
        if (id.length != 0) {
            out.writeByteArray(1, id);
        }
        for (byte[] addr : addrs) {
            out.writeByteArray(2, addr);
        }
        if (connection.number() != 0) {
            out.writeEnum(3, connection.number());
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KadPeer p) || !Arrays.equals(id, p.id) || !connection.equals(p.connection) || addrs.size() != p.addrs.size()) {
            return false;
        }
        for (int i = 0; i < addrs.size(); i++) {
            if (!Arrays.equals(addrs.get(i), p.addrs.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(id);
        for (byte[] addr : addrs) {
            h = 31 * h + Arrays.hashCode(addr);
        }
        return 31 * h + connection.hashCode();
    }

    @Override
    public String toString() {
        String peer;
        try {
            peer = peerId().toString();
        } catch (IllegalArgumentException e) {
            peer = "<malformed id>";
        }
        return "KadPeer[" + peer + ", " + multiaddrs() + ", " + connection + "]";
    }
}
