package io.peercensus.address;

import java.util.Optional;

/**
 * The network an address belongs to, with its BIP155 ({@code addrv2}) network id and address length.
 *
 * <p>Immutable and thread-safe.
 */
public enum AddressType {
    /** IPv4, 4 bytes (BIP155 network id 1). */
    IPV4(1, 4),
    /** IPv6, 16 bytes (BIP155 network id 2). */
    IPV6(2, 16),
    /** Tor v2 onion service, 10 bytes (BIP155 network id 3; Tor no longer serves these). */
    TORV2(3, 10),
    /** Tor v3 onion service: its 32-byte ed25519 public key (BIP155 network id 4). */
    TORV3(4, 32),
    /** I2P destination: the 32-byte SHA-256 hash of it (BIP155 network id 5). */
    I2P(5, 32),
    /** CJDNS: a 16-byte IPv6 address in fc00::/8 (BIP155 network id 6). */
    CJDNS(6, 16);

    private final int bip155NetworkId;
    private final int addressLength;

    AddressType(int bip155NetworkId, int addressLength) {
        this.bip155NetworkId = bip155NetworkId;
        this.addressLength = addressLength;
    }

    /** The BIP155 network id: 1 (IPv4) to 6 (CJDNS). */
    public int bip155NetworkId() {
        return bip155NetworkId;
    }

    /** The length in bytes of an address of this type in BIP155 form. */
    public int addressLength() {
        return addressLength;
    }

    /**
     * The type with BIP155 network id {@code id}, or empty for an id this enum does not know (the
     * {@code addrv2} decoder keeps such addresses as unknown entries rather than failing).
     */
    public static Optional<AddressType> fromBip155NetworkId(int id) {
        for (AddressType type : values()) {
            if (type.bip155NetworkId == id) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
