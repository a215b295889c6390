package io.peercensus.dht.internal.multiformats;

import io.peercensus.dht.multiformats.MultiformatException;

/**
 * IPv4 and IPv6 address text, parsed and printed without ever touching DNS (unlike
 * {@code InetAddress.getByName}). IPv4 is strict dotted decimal without leading zeros; IPv6 printing
 * follows RFC 5952 (lower case, longest zero run compressed, {@code ::ffff:a.b.c.d} for IPv4-mapped).
 *
 * <p>Stateless and thread-safe. Not public API.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /**
     * The 4 bytes of dotted-decimal {@code text}.
     *
     * @throws MultiformatException when {@code text} is not four decimal octets 0..255 without leading zeros
     */
    public static byte[] parseIpv4(String text) {
        byte[] out = new byte[4];
        if (!parseIpv4Into(text, out, 0)) {
            throw new MultiformatException("invalid IPv4 address '" + text + "'");
        }
        return out;
    }

    private static boolean parseIpv4Into(String text, byte[] out, int offset) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return false;
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') {
                    return false;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return false;
            }
            out[offset + i] = (byte) v;
        }
        return true;
    }

    /** Dotted-decimal text of 4 address bytes. */
    public static String formatIpv4(byte[] address) {
        return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }

    /**
     * The 16 bytes of IPv6 {@code text}: up to eight hex groups of 1-4 digits, at most one {@code ::},
     * optionally ending in dotted-decimal IPv4. No zone.
     *
     * @throws MultiformatException when {@code text} is not such an address
     */
    public static byte[] parseIpv6(String text) {
        byte[] out = new byte[16];
        if (text.length() > 45 || !parseIpv6Into(text, out)) {
            throw new MultiformatException("invalid IPv6 address '" + text + "'");
        }
        return out;
    }

    private static boolean parseIpv6Into(String text, byte[] out) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        byte[] headBytes = new byte[16];
        byte[] tailBytes = new byte[16];
        int headLength = groups(head, headBytes, gap < 0);
        int tailLength = groups(tail, tailBytes, true);
        if (headLength < 0 || tailLength < 0) {
            return false;
        }
        if (gap < 0) {
            if (headLength != 16) {
                return false;
            }
            System.arraycopy(headBytes, 0, out, 0, 16);
            return true;
        }
        if (headLength + tailLength > 14) {
            return false;
        }
        System.arraycopy(headBytes, 0, out, 0, headLength);
        System.arraycopy(tailBytes, 0, out, 16 - tailLength, tailLength);
        return true;
    }

    /** Parses colon-separated groups into {@code out}; returns the byte count or -1. */
    private static int groups(String part, byte[] out, boolean ipv4Allowed) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] groups = part.split(":", -1);
        int n = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (ipv4Allowed && i == groups.length - 1 && g.indexOf('.') >= 0) {
                if (n + 4 > 16 || !parseIpv4Into(g, out, n)) {
                    return -1;
                }
                return n + 4;
            }
            if (g.isEmpty() || g.length() > 4 || n + 2 > 16) {
                return -1;
            }
            int v = 0;
            for (int j = 0; j < g.length(); j++) {
                int d = hexDigit(g.charAt(j));
                if (d < 0) {
                    return -1;
                }
                v = (v << 4) | d;
            }
            out[n++] = (byte) (v >>> 8);
            out[n++] = (byte) v;
        }
        return n;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** RFC 5952 text of 16 address bytes. */
    public static String formatIpv6(byte[] a) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= a[i] == 0;
        }
        if (mapped && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return "::ffff:" + formatIpv4(new byte[] {a[12], a[13], a[14], a[15]});
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
