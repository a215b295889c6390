package io.peercensus.dht.multiformats;

import io.peercensus.dht.crypto.MalformedKeyException;
import io.peercensus.dht.crypto.PublicKey;
import io.peercensus.dht.internal.multiformats.BaseX;
import io.peercensus.dht.internal.multiformats.Multibase;
import io.peercensus.dht.internal.multiformats.UnsignedVarint;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A libp2p peer ID: the multihash of a protobuf-encoded public key, identity when the encoding is at most
 * 42 bytes (Ed25519, secp256k1: the key is inside the ID) and sha2-256 otherwise (RSA, ECDSA). Its
 * canonical text is base58btc ({@code 12D3KooW...}, {@code 16Uiu2...}, {@code Qm...}); CIDv1 text with
 * the {@code libp2p-key} codec ({@code bafz...}) is read too. An identity ID is checked to hold a valid
 * public key when made.
 *
 * <p>Immutable and thread-safe.
 */
public final class PeerId {
    /** The longest protobuf-encoded key kept inline (identity multihash) rather than hashed. */
    public static final int MAX_INLINE_KEY_LENGTH = 42;
    /** The multicodec code of {@code libp2p-key}, the CID codec of peer IDs. */
    public static final int LIBP2P_KEY_CODEC = 0x72;

    private static final int CID_VERSION = 1;
    private static final int SHA2_256_LENGTH = 32;

    private final Multihash multihash;
    private final PublicKey publicKey;

    private PeerId(Multihash multihash) {
        this.multihash = multihash;
        switch (multihash.code()) {
            case Multihash.IDENTITY -> {
                byte[] encoded = multihash.digest();
                if (encoded.length > MAX_INLINE_KEY_LENGTH) {
                    throw new MultiformatException("peer ID: identity multihash holds " + encoded.length + " bytes, more than "
                            + MAX_INLINE_KEY_LENGTH);
                }
                try {
                    this.publicKey = PublicKey.fromProtobuf(encoded);
                } catch (MalformedKeyException e) {
                    throw new MultiformatException("peer ID: identity multihash does not hold a public key (" + e.getMessage() + ")", e);
                }
            }
            case Multihash.SHA2_256 -> {
                if (multihash.digest().length != SHA2_256_LENGTH) {
                    throw new MultiformatException("peer ID: sha2-256 digest must be 32 bytes, got " + multihash.digest().length);
                }
                this.publicKey = null;
            }
            default -> throw new MultiformatException("peer ID: multihash code 0x" + Integer.toHexString(multihash.code())
                    + " is neither identity nor sha2-256");
        }
    }

    /** An ID made from a key already decoded and checked: {@code publicKey} is the one inside an identity multihash, or null. */
    private PeerId(Multihash multihash, PublicKey publicKey) {
        this.multihash = multihash;
        this.publicKey = publicKey;
    }

    /** The peer ID of {@code key} (which is not decoded again: a {@link PublicKey} is valid once made). */
    public static PeerId fromPublicKey(PublicKey key) {
        byte[] encoded = key.toProtobuf();
        return encoded.length <= MAX_INLINE_KEY_LENGTH ? new PeerId(Multihash.identity(encoded), key)
                : new PeerId(Multihash.sha2_256(encoded), null);
    }

    /**
     * The peer ID of {@code multihash}.
     *
     * @throws MultiformatException when it is not an identity multihash of a valid key or a 32-byte sha2-256
     */
    public static PeerId of(Multihash multihash) {
        return new PeerId(multihash);
    }

    /**
     * The peer ID whose multihash bytes are exactly {@code bytes}.
     *
     * @throws MultiformatException on a malformed multihash or one that is not a peer ID
     */
    public static PeerId fromBytes(byte[] bytes) {
        return new PeerId(Multihash.decode(bytes));
    }

    /**
     * The peer ID in {@code text}: base58btc multihash when it starts with {@code 1} or {@code Q}, otherwise a
     * multibase CIDv1 ({@code b} base32, {@code z} base58btc, {@code k} base36) with the {@code libp2p-key} codec.
     *
     * @throws MultiformatException naming what is wrong with {@code text}
     */
    public static PeerId parse(String text) {
        if (text.isEmpty()) {
            throw new MultiformatException("peer ID: empty text");
        }
        char first = text.charAt(0);
        if (first == '1' || first == 'Q') {
            return fromBytes(BaseX.BASE58BTC.decode(text));
        }
        ByteBuffer cid = ByteBuffer.wrap(Multibase.decode(text));
        long version = UnsignedVarint.read(cid);
        if (version != CID_VERSION) {
            throw new MultiformatException("peer ID: CID version must be 1, got " + version);
        }
        long codec = UnsignedVarint.read(cid);
        if (codec != LIBP2P_KEY_CODEC) {
            throw new MultiformatException("peer ID: CID codec 0x" + Long.toHexString(codec) + " is not libp2p-key (0x72)");
        }
        Multihash multihash = Multihash.read(cid);
        if (cid.hasRemaining()) {
            throw new MultiformatException("peer ID: " + cid.remaining() + " trailing bytes after the CID's multihash");
        }
        return new PeerId(multihash);
    }

    /** The multihash. */
    public Multihash multihash() {
        return multihash;
    }

    /** The multihash bytes, as peer IDs travel in protobuf messages and {@code /p2p/} multiaddrs. */
    public byte[] toBytes() {
        return multihash.toBytes();
    }

    /** The public key, present when it is inside the ID (identity multihash). */
    public Optional<PublicKey> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    /** Whether this is the peer ID of {@code key}. */
    public boolean matches(PublicKey key) {
        return fromPublicKey(key).equals(this);
    }

    /** The CIDv1 text: multibase base32 ({@code b...}) of {@code 0x01 0x72 multihash}. */
    public String toCid() {
        byte[] hash = multihash.toBytes();
        ByteBuffer cid = ByteBuffer.allocate(UnsignedVarint.size(CID_VERSION) + UnsignedVarint.size(LIBP2P_KEY_CODEC) + hash.length);
        UnsignedVarint.write(CID_VERSION, cid);
        UnsignedVarint.write(LIBP2P_KEY_CODEC, cid);
        cid.put(hash);
        return Multibase.encode(Multibase.Base.BASE32, cid.array());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId p && p.multihash.equals(multihash);
    }

    @Override
    public int hashCode() {
        return multihash.hashCode();
    }

    /** The canonical base58btc text. */
    @Override
    public String toString() {
        return BaseX.BASE58BTC.encode(multihash.toBytes());
    }
}
