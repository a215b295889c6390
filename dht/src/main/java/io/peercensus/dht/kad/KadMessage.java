package io.peercensus.dht.kad;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.protobuf.ProtoReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Kademlia DHT's {@code Message} protobuf: {@code type = 1}, {@code key = 2}, {@code record = 3} (kept as
 * its encoded bytes), {@code closerPeers = 8}, {@code providerPeers = 9}, {@code clusterLevelRaw = 10}.
 * Unknown fields are skipped. {@link #write()} emits fields in number order and leaves out proto3 defaults
 * (type 0, empty key, level 0), so it is the exact inverse of {@link #read} for such encodings.
 *
 * <p>Immutable and thread-safe (arrays are copied in and out).
 *
 * @param type the RPC
 * @param clusterLevelRaw unused by libp2p, kept as sent
 * @param key the key asked about (for FIND_NODE, the target peer ID or any key), empty when absent
 * @param record the encoded {@code Record} message, or {@code null} when absent
 * @param closerPeers the peers closer to the key, in a response
 * @param providerPeers the providers of the key, in a GET_PROVIDERS response
 */
public record KadMessage(MessageType type, int clusterLevelRaw, byte[] key, byte[] record, List<KadPeer> closerPeers,
        List<KadPeer> providerPeers) {
    /** The Kademlia protocol ID of the IPFS (Amino) DHT. */
    public static final String IPFS_PROTOCOL_ID = "/ipfs/kad/1.0.0";
    /** The longest message accepted, in bytes. */
    public static final int MAX_MESSAGE_LENGTH = 1024 * 1024;
    /** How many closer peers, and how many provider peers, one message may carry. */
    public static final int MAX_PEERS = 200;
    /** The longest key accepted, in bytes. */
    public static final int MAX_KEY_LENGTH = 4096;
    /** The longest single peer entry accepted, in bytes. */
    public static final int MAX_PEER_LENGTH = 96 * 1024;

    private static final int BYTES = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    /**
     * The {@code MessageType} enum, open: unknown numbers are kept.
     *
     * <p>Immutable and thread-safe.
     *
     * @param number the wire number
     */
    public record MessageType(int number) {
        /** Store a record. */
        public static final MessageType PUT_VALUE = new MessageType(0);
        /** Fetch a record. */
        public static final MessageType GET_VALUE = new MessageType(1);
        /** Announce a provider. */
        public static final MessageType ADD_PROVIDER = new MessageType(2);
        /** Ask for providers. */
        public static final MessageType GET_PROVIDERS = new MessageType(3);
        /** Ask for the peers closest to a key. */
        public static final MessageType FIND_NODE = new MessageType(4);
        /** Deprecated liveness check. */
        public static final MessageType PING = new MessageType(5);

        @Override
        public String toString() {
            return switch (number) {
                case 0 -> "PUT_VALUE";
                case 1 -> "GET_VALUE";
                case 2 -> "ADD_PROVIDER";
                case 3 -> "GET_PROVIDERS";
                case 4 -> "FIND_NODE";
                case 5 -> "PING";
                default -> "MessageType(" + number + ")";
            };
        }
    }

    public KadMessage {
        Objects.requireNonNull(type, "type");
        key = key.clone();
        record = record == null ? null : record.clone();
        closerPeers = List.copyOf(closerPeers);
        providerPeers = List.copyOf(providerPeers);
    }

    /** A FIND_NODE request for {@code key}. */
    public static KadMessage findNode(byte[] key) {
        return new KadMessage(MessageType.FIND_NODE, 0, key, null, List.of(), List.of());
    }

    /** A FIND_NODE response for {@code key} naming {@code closerPeers}. */
    public static KadMessage findNodeResponse(byte[] key, List<KadPeer> closerPeers) {
        return new KadMessage(MessageType.FIND_NODE, 0, key, null, closerPeers, List.of());
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] record() {
        return record == null ? null : record.clone();
    }

    /**
     * Decodes a message.
     *
     * @throws ProbeException ({@link io.peercensus.ErrorClass#PROTOCOL}) on malformed protobuf, a field of the
     *     wrong wire type or a cap exceeded; the message starts {@code "kad: "}
     */
    public static KadMessage read(byte[] encoded) throws ProbeException {
        ProtoReader in = new ProtoReader(encoded, "kad");
        if (encoded.length > MAX_MESSAGE_LENGTH) {
            throw in.fail("message of " + encoded.length + " bytes exceeds the limit of " + MAX_MESSAGE_LENGTH);
        }
        int type = 0;
        int level = 0;
        byte[] key = new byte[0];
        byte[] record = null;
        List<KadPeer> closer = new ArrayList<>();
        List<KadPeer> providers = new ArrayList<>();
        while (!in.atEnd()) {
            int tag = in.tag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "type");
                    type = in.int32("type");
                }
                case 2 -> {
                    in.expect(tag, BYTES, "key");
                    key = in.bytes(MAX_KEY_LENGTH, "key");
                }
                case 3 -> {
                    in.expect(tag, BYTES, "record");
                    record = in.bytes(MAX_MESSAGE_LENGTH, "record");
                }
                case 8 -> readPeer(in, tag, closer, "closerPeers");
                case 9 -> readPeer(in, tag, providers, "providerPeers");
                case 10 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "clusterLevelRaw");
                    level = in.int32("clusterLevelRaw");
                }
                default -> in.skip(tag);
            }
        }
        return new KadMessage(new MessageType(type), level, key, record, closer, providers);
    }

    private static void readPeer(ProtoReader in, int tag, List<KadPeer> peers, String field) throws ProbeException {
        in.expect(tag, BYTES, field);
        if (peers.size() == MAX_PEERS) {
            throw in.fail("more than " + MAX_PEERS + " " + field);
        }
        int token = in.enter(MAX_PEER_LENGTH, field + " entry");
        peers.add(KadPeer.read(in, field + " entry"));
        in.leave(token);
    }

    /** The protobuf encoding, fields in number order, proto3 defaults left out. */
    public byte[] write() {
        int size = (type.number() == 0 ? 0 : CodedOutputStream.computeEnumSize(1, type.number()))
                + (key.length == 0 ? 0 : CodedOutputStream.computeByteArraySize(2, key))
                + (record == null ? 0 : CodedOutputStream.computeByteArraySize(3, record))
                + peersSize(8, closerPeers) + peersSize(9, providerPeers)
                + (clusterLevelRaw == 0 ? 0 : CodedOutputStream.computeInt32Size(10, clusterLevelRaw));
        byte[] bytes = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            if (type.number() != 0) {
                out.writeEnum(1, type.number());
            }
            if (key.length != 0) {
                out.writeByteArray(2, key);
            }
            if (record != null) {
                out.writeByteArray(3, record);
            }
            writePeers(out, 8, closerPeers);
            writePeers(out, 9, providerPeers);
            if (clusterLevelRaw != 0) {
                out.writeInt32(10, clusterLevelRaw);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kad: sized buffer overflowed", e);
        }
        out.checkNoSpaceLeft();
        return bytes;
    }

    private static int peersSize(int field, List<KadPeer> peers) {
        int size = 0;
        for (KadPeer peer : peers) {
            int n = peer.encodedSize();
            size += CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(n) + n;
        }
        return size;
    }

    private static void writePeers(CodedOutputStream out, int field, List<KadPeer> peers) throws IOException {
        for (KadPeer peer : peers) {
            out.writeTag(field, BYTES);
            out.writeUInt32NoTag(peer.encodedSize());
            peer.write(out);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KadMessage m && type.equals(m.type) && clusterLevelRaw == m.clusterLevelRaw && Arrays.equals(key, m.key)
                && Arrays.equals(record, m.record) && closerPeers.equals(m.closerPeers) && providerPeers.equals(m.providerPeers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, clusterLevelRaw, Arrays.hashCode(key), Arrays.hashCode(record), closerPeers, providerPeers);
    }

    @Override
    public String toString() {
        return "KadMessage[" + type + ", key=" + key.length + " bytes, closerPeers=" + closerPeers + ", providerPeers=" + providerPeers + "]";
    }
}
