package io.peercensus.internal.address;

import static io.peercensus.address.AddressFormatException.quote;

import io.peercensus.address.AddressFormatException;

/**
 * IP address text, both ways: strict dotted-quad IPv4 and RFC 4291 IPv6 in, dotted-quad and RFC 5952
 * canonical IPv6 out. Never resolves a name.
 *
 * The one IP text codec of the project (addresses, multiaddrs). Not public API.
 *
 * <p>Stateless and thread-safe.
 */
public final class IpLiteral {
    /** "255.255.255.255". */
    private static final int MAX_IPV4_CHARS = 15;
    /** "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255". */
    private static final int MAX_IPV6_CHARS = 45;

    private IpLiteral() {
    }

    /**
     * The 4 bytes of dotted-quad {@code text}: four decimal parts 0..255 without leading zeros (so
     * that {@code 010} cannot be read as octal by one tool and decimal by another).
     */
    public static byte[] parseIpv4(String text) {
        if (text.length() > MAX_IPV4_CHARS) {
            throw new AddressFormatException("IPv4 address " + quote(text) + ": expected at most "
                    + MAX_IPV4_CHARS + " characters, got " + text.length());
        }
        byte[] out = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && text.charAt(i) != '.') {
                continue;
            }
            if (part == 4) {
                throw new AddressFormatException("IPv4 address " + quote(text) + ": expected 4 parts, got more");
            }
            out[part] = (byte) ipv4Part(text, start, i, part + 1);
            part++;
            start = i + 1;
        }
        if (part != 4) {
            throw new AddressFormatException("IPv4 address " + quote(text) + ": expected 4 parts, got " + part);
        }
        return out;
    }

    private static int ipv4Part(String text, int from, int to, int number) {
        if (from == to) {
            throw new AddressFormatException("IPv4 address " + quote(text) + ": part " + number + " is empty");
        }
        if (to - from > 1 && text.charAt(from) == '0') {
            throw new AddressFormatException("IPv4 address " + quote(text) + ": part " + number + " has a leading zero");
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new AddressFormatException("IPv4 address " + quote(text) + ": part " + number
                        + " is not a decimal number");
            }
            value = value * 10 + (c - '0');
        }
        if (value > 255) {
            throw new AddressFormatException("IPv4 address " + quote(text) + ": part " + number
                    + " is out of range 0..255");
        }
        return value;
    }

    /**
     * The 16 bytes of IPv6 {@code text} (RFC 4291 section 2.2): eight groups of 1 to 4 hex digits, at
     * most one {@code ::} standing for one or more zero groups, optionally a dotted-quad IPv4 tail.
     * Zone indexes ({@code %eth0}) are refused: an address value has no zone.
     */
    public static byte[] parseIpv6(String text) {
        if (text.length() > MAX_IPV6_CHARS) {
            throw new AddressFormatException("IPv6 address " + quote(text) + ": expected at most "
                    + MAX_IPV6_CHARS + " characters, got " + text.length());
        }
        if (text.indexOf('%') >= 0) {
            throw new AddressFormatException("IPv6 address " + quote(text) + ": zone indexes are not supported");
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            throw new AddressFormatException("IPv6 address " + quote(text) + ": more than one '::'");
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int headCount;
        int tailCount;
        if (gap < 0) {
            headCount = ipv6Groups(text, text, head, true);
            tailCount = 0;
            if (headCount != 8) {
                throw new AddressFormatException("IPv6 address " + quote(text) + ": expected 8 groups, got " + headCount);
            }
        } else {
            String before = text.substring(0, gap);
            String after = text.substring(gap + 2);
            headCount = before.isEmpty() ? 0 : ipv6Groups(text, before, head, false);
            tailCount = after.isEmpty() ? 0 : ipv6Groups(text, after, tail, true);
            if (headCount + tailCount > 7) {
                throw new AddressFormatException("IPv6 address " + quote(text)
                        + ": expected at most 7 groups around '::', got " + (headCount + tailCount));
            }
        }
        byte[] out = new byte[16];
        for (int i = 0; i < headCount; i++) {
            out[2 * i] = (byte) (head[i] >>> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        int tailStart = 8 - tailCount;
        for (int i = 0; i < tailCount; i++) {
            out[2 * (tailStart + i)] = (byte) (tail[i] >>> 8);
            out[2 * (tailStart + i) + 1] = (byte) tail[i];
        }
        return out;
    }

    /** Parses the colon-separated groups of {@code part} into {@code groups}; returns how many. */
    private static int ipv6Groups(String text, String part, int[] groups, boolean mayEndInIpv4) {
        int count = 0;
        int start = 0;
        for (int i = 0; i <= part.length(); i++) {
            if (i < part.length() && part.charAt(i) != ':') {
                continue;
            }
            String group = part.substring(start, i);
            boolean last = i == part.length();
            if (last && mayEndInIpv4 && group.indexOf('.') >= 0) {
                if (count > 6) {
                    throw new AddressFormatException("IPv6 address " + quote(text) + ": too many groups");
                }
                byte[] v4 = parseIpv4(group);
                groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                return count;
            }
            if (count == 8) {
                throw new AddressFormatException("IPv6 address " + quote(text) + ": too many groups");
            }
            groups[count++] = hexGroup(text, group);
            start = i + 1;
        }
        return count;
    }

    private static int hexGroup(String text, String group) {
        if (group.isEmpty() || group.length() > 4) {
            throw new AddressFormatException("IPv6 address " + quote(text) + ": group " + quote(group)
                    + " must be 1 to 4 hex digits");
        }
        int value = 0;
        for (int i = 0; i < group.length(); i++) {
            int digit = hexDigit(group.charAt(i));
            if (digit < 0) {
                throw new AddressFormatException("IPv6 address " + quote(text) + ": group " + quote(group)
                        + " must be 1 to 4 hex digits");
            }
            value = (value << 4) | digit;
        }
        return value;
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

    /** Dotted-quad text of 4 bytes. */
    public static String formatIpv4(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }

    /**
     * RFC 5952 text of 16 bytes: lower-case hex without leading zeros, the longest run of two or
     * more zero groups (the first of equal runs) written as {@code ::}.
     */
    public static String formatIpv6(byte[] a) {
        if (isIpv4Mapped(a)) { // RFC 5952 section 5: the recommended mixed notation
            return "::ffff:" + formatIpv4(java.util.Arrays.copyOfRange(a, 12, 16));
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
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
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }
}
