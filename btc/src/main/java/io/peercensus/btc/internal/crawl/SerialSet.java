package io.peercensus.btc.internal.crawl;

/**
 * A set of non-negative ints (address-book serial numbers): open addressing, no boxing. It dedups
 * the addresses one peer names at the cost of an array probe each.
 *
 * <p>Not thread-safe.
 */
final class SerialSet {
    private int[] slots;
    private int size;

    /** A set sized for about {@code expected} members before it grows. */
    SerialSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        slots = new int[capacity];
        java.util.Arrays.fill(slots, -1);
    }

    /** Adds {@code serial} (0 or more); false when it was present. */
    boolean add(int serial) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = mix(serial) & mask;
        while (slots[i] >= 0) {
            if (slots[i] == serial) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = serial;
        size++;
        return true;
    }

    /** Members. */
    int size() {
        return size;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        java.util.Arrays.fill(slots, -1);
        size = 0;
        for (int s : old) {
            if (s >= 0) {
                add(s);
            }
        }
    }

    private static int mix(int x) {
        return x * 0x9E3779B9 ^ (x >>> 16);
    }
}
