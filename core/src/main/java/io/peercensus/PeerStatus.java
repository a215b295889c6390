package io.peercensus;

/**
 * What a crawl learned about a peer in one observation.
 *
 * <p>Immutable and thread-safe.
 */
public enum PeerStatus {
    /** The handshake completed. */
    REACHABLE("reachable"),
    /** A dial or the handshake failed; the observation's {@code error} says why. */
    UNREACHABLE("unreachable"),
    /** Heard of but not dialed: a private or non-IP address, no proxy, or a crawl limit. */
    DISCOVERED("discovered");

    private final String jsonName;

    PeerStatus(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in JSON, NDJSON and databases: {@code reachable}, {@code unreachable}, {@code discovered}. */
    public String jsonName() {
        return jsonName;
    }

    /**
     * The status with the given JSON name.
     *
     * @throws IllegalArgumentException naming the value when it is not one of the three
     */
    public static PeerStatus ofJsonName(String name) {
        for (PeerStatus s : values()) {
            if (s.jsonName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown peer status '" + name + "' (expected reachable, unreachable or discovered)");
    }
}
