package io.peercensus.dht.identify;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.PublicKey;
import io.peercensus.dht.internal.protobuf.ProtoReader;
import io.peercensus.dht.multiformats.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The identify protocol's {@code Identify} protobuf message: {@code publicKey = 1}, {@code listenAddrs = 2},
 * {@code protocols = 3}, {@code observedAddr = 4}, {@code protocolVersion = 5}, {@code agentVersion = 6}.
 * Other fields (such as {@code signedPeerRecord = 8}) are skipped. Optional fields are {@code null} when
 * absent. {@link #write()} emits the fields in number order and is the exact inverse of {@link #read} for
 * such encodings. Strings are decoded as UTF-8, invalid bytes becoming U+FFFD.
 *
 * <p>Immutable and thread-safe (arrays are copied in and out).
 *
 * @param publicKey the protobuf-encoded public key, or {@code null}
 * @param listenAddrs the binary multiaddrs the peer listens on, as sent (not validated)
 * @param protocols the protocol IDs the peer supports, in the order announced
 * @param observedAddr the binary multiaddr the peer sees us at, or {@code null}
 * @param protocolVersion for example {@code ipfs/0.1.0}, or {@code null}
 * @param agentVersion for example {@code kubo/0.29.0/}, or {@code null}
 */
public record IdentifyMessage(byte[] publicKey, List<byte[]> listenAddrs, List<String> protocols, byte[] observedAddr,
        String protocolVersion, String agentVersion) {

    /** The protocol ID of identify. */
    public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
    /** The longest message accepted, all frames together. */
    public static final int MAX_MESSAGE_LENGTH = 64 * 1024;
    /** How many listen addresses, and how many protocols, a message may hold. */
    public static final int MAX_ENTRIES = 1000;
    /** The longest listen or observed address accepted, in bytes. */
    public static final int MAX_ADDRESS_LENGTH = Multiaddr.MAX_BYTES;
    /** The longest protocol ID accepted, in bytes. */
    public static final int MAX_PROTOCOL_LENGTH = 512;
    /** The longest protocol or agent version accepted, in bytes. */
    public static final int MAX_VERSION_LENGTH = 1024;

    private static final int BYTES = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    public IdentifyMessage {
        publicKey = publicKey == null ? null : publicKey.clone();
        listenAddrs = listenAddrs.stream().map(byte[]::clone).toList();
        protocols = List.copyOf(protocols);
        observedAddr = observedAddr == null ? null : observedAddr.clone();
    }

    /** A message with the given multiaddrs; {@code observedAddr} may be {@code null}. */
    public static IdentifyMessage of(PublicKey publicKey, List<Multiaddr> listenAddrs, List<String> protocols, Multiaddr observedAddr,
            String protocolVersion, String agentVersion) {
        return new IdentifyMessage(publicKey == null ? null : publicKey.toProtobuf(), listenAddrs.stream().map(Multiaddr::toBytes).toList(),
                protocols, observedAddr == null ? null : observedAddr.toBytes(), protocolVersion, agentVersion);
    }

    @Override
    public byte[] publicKey() {
        return publicKey == null ? null : publicKey.clone();
    }

    @Override
    public List<byte[]> listenAddrs() {
        return listenAddrs.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] observedAddr() {
        return observedAddr == null ? null : observedAddr.clone();
    }

    /**
     * Decodes a message.
     *
     * @throws ProbeException ({@link io.peercensus.ErrorClass#PROTOCOL}) on malformed protobuf, a field of the
     *     wrong wire type, or a cap exceeded; the message starts {@code "identify: "}
     */
    public static IdentifyMessage read(byte[] encoded) throws ProbeException {
        ProtoReader in = new ProtoReader(encoded, "identify");
        if (encoded.length > MAX_MESSAGE_LENGTH) {
            throw in.fail("message of " + encoded.length + " bytes exceeds the limit of " + MAX_MESSAGE_LENGTH);
        }
        byte[] publicKey = null;
        List<byte[]> listenAddrs = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        byte[] observedAddr = null;
        String protocolVersion = null;
        String agentVersion = null;
        while (!in.atEnd()) {
            int tag = in.tag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> {
                    in.expect(tag, BYTES, "publicKey");
                    publicKey = in.bytes(PublicKey.MAX_PROTOBUF_LENGTH, "publicKey");
                }
                case 2 -> {
                    in.expect(tag, BYTES, "listenAddrs");
                    if (listenAddrs.size() == MAX_ENTRIES) {
                        throw in.fail("more than " + MAX_ENTRIES + " listenAddrs");
                    }
                    listenAddrs.add(in.bytes(MAX_ADDRESS_LENGTH, "listenAddrs entry"));
                }
                case 3 -> {
                    in.expect(tag, BYTES, "protocols");
                    if (protocols.size() == MAX_ENTRIES) {
                        throw in.fail("more than " + MAX_ENTRIES + " protocols");
                    }
                    protocols.add(in.string(MAX_PROTOCOL_LENGTH, "protocols entry"));
                }
                case 4 -> {
                    in.expect(tag, BYTES, "observedAddr");
                    observedAddr = in.bytes(MAX_ADDRESS_LENGTH, "observedAddr");
                }
                case 5 -> {
                    in.expect(tag, BYTES, "protocolVersion");
                    protocolVersion = in.string(MAX_VERSION_LENGTH, "protocolVersion");
                }
                case 6 -> {
                    in.expect(tag, BYTES, "agentVersion");
                    agentVersion = in.string(MAX_VERSION_LENGTH, "agentVersion");
                }
                default -> in.skip(tag);
            }
        }
        return new IdentifyMessage(publicKey, listenAddrs, protocols, observedAddr, protocolVersion, agentVersion);
    }

    /** The protobuf encoding, fields in number order. */
    public byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            if (publicKey != null) {
                out.writeByteArray(1, publicKey);
            }
            for (byte[] addr : listenAddrs) {
                out.writeByteArray(2, addr);
            }
            for (String protocol : protocols) {
                out.writeString(3, protocol);
            }
            if (observedAddr != null) {
                out.writeByteArray(4, observedAddr);
            }
            if (protocolVersion != null) {
                out.writeString(5, protocolVersion);
            }
            if (agentVersion != null) {
                out.writeString(6, agentVersion);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("identify: in-memory protobuf write failed", e);
        }
        return bytes.toByteArray();
    }

    /** The listen addresses that decode as multiaddrs, in order; malformed ones are left out. */
    public List<Multiaddr> listenMultiaddrs() {
        List<Multiaddr> out = new ArrayList<>(listenAddrs.size());
        for (byte[] addr : listenAddrs) {
            try {
                out.add(Multiaddr.read(addr));
            } catch (IllegalArgumentException e) {
                // a peer may announce transports we cannot decode; the rest still count
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentifyMessage m && Arrays.equals(publicKey, m.publicKey) && sameBytes(listenAddrs, m.listenAddrs)
                && protocols.equals(m.protocols) && Arrays.equals(observedAddr, m.observedAddr)
                && Objects.equals(protocolVersion, m.protocolVersion) && Objects.equals(agentVersion, m.agentVersion);
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(publicKey);
        for (byte[] addr : listenAddrs) {
            h = 31 * h + Arrays.hashCode(addr);
        }
        return Objects.hash(h, protocols, Arrays.hashCode(observedAddr), protocolVersion, agentVersion);
    }

    @Override
    public String toString() {
        return "IdentifyMessage[agentVersion=" + agentVersion + ", protocolVersion=" + protocolVersion + ", protocols=" + protocols
                + ", listenAddrs=" + listenMultiaddrs() + "]";
    }

    static boolean sameBytes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
