package io.peercensus;

import java.util.Objects;

/**
 * Why an observation is {@link PeerStatus#UNREACHABLE}: a class and a human-readable detail.
 *
 * <p>Its JSON form is one string, the class label, a colon and the detail:
 * {@code "timeout: no answer to version within 5000 ms"}.
 *
 * @param errorClass the short class
 * @param detail what happened, in a few words
 */
public record PeerError(ErrorClass errorClass, String detail) {

    public PeerError {
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(detail, "detail");
    }

    /** The JSON string form, {@code "<class>: <detail>"}. */
    public String toJson() {
        return detail.isEmpty() ? errorClass.label() : errorClass.label() + ": " + detail;
    }

    /**
     * Parses the JSON string form back.
     *
     * @throws IllegalArgumentException when the class prefix is unknown
     */
    public static PeerError parse(String json) {
        int colon = json.indexOf(':');
        if (colon < 0) {
            return new PeerError(ErrorClass.ofLabel(json), "");
        }
        return new PeerError(ErrorClass.ofLabel(json.substring(0, colon)), json.substring(colon + 1).strip());
    }

    @Override
    public String toString() {
        return toJson();
    }
}
